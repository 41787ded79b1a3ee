-- The hop that ends a USSD session releases that number's held SMS (UPDATE ... WHERE phone = ? AND status =
-- 'queued'). Without this index the update scanned every queued row of every number on each session end: the
-- group-commit writer spent most of its time there once SMS queued up (seen in a JFR profile of bench-ussd).
CREATE INDEX outbox_phone ON outbox (phone, status);
