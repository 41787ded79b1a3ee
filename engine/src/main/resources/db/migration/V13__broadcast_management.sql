-- Broadcast management (issue 5). A broadcast's and a campaign step's outbox rows are tagged in outbox.source
-- (V15: 'broadcast:ID/ARM', 'campaign:ID/STEP'); cancelling a broadcast withdraws its rows that are still queued
-- and were never claimed, found through that column's index.
-- The recipients its dry run counted when it was created (what progress is measured against), and how many of
-- its queued rows a cancel withdrew.
ALTER TABLE broadcasts ADD COLUMN recipients BIGINT;
ALTER TABLE broadcasts ADD COLUMN withdrawn BIGINT NOT NULL DEFAULT 0;
