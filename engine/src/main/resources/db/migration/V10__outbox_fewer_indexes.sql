-- Portable SQL (H2 2.x and PostgreSQL 12+). Every outbox row changes status three or four times (queued ->
-- submitting -> submitted -> delivered), and each change rewrites the row's entry in every index holding status.
-- outbox_due (V2) and outbox_due_order (V6) are the same index, (status, priority DESC, next_attempt_at, id): one
-- goes. outbox_smsc_id was never read (receipts find their message through outbox_parts.provider_id): it goes too.
DROP INDEX outbox_due;
DROP INDEX outbox_smsc_id;
