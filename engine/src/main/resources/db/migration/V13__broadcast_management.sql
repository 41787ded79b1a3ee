-- Broadcast management (issue 5). outbox.origin names what queued a row: 'broadcast:ID' or
-- 'campaign:CAMPAIGN/STEP' (NULL: a reply in a conversation). Cancelling a broadcast withdraws its rows that are
-- still queued and were never claimed; it finds them through outbox_due (status, priority): queued rows at the
-- broadcast priority only, so no index of its own is paid on every insert.
ALTER TABLE outbox ADD COLUMN origin VARCHAR(100);
-- The recipients its dry run counted when it was created (what progress is measured against), and how many of
-- its queued rows a cancel withdrew.
ALTER TABLE broadcasts ADD COLUMN recipients BIGINT;
ALTER TABLE broadcasts ADD COLUMN withdrawn BIGINT NOT NULL DEFAULT 0;
