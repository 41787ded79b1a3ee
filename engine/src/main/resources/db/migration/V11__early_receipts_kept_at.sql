-- Portable SQL (H2 2.x and PostgreSQL 12+). A receipt kept because no recorded part had its id yet waits for its
-- submit result, which comes within seconds; one that matches nothing (an SMSC's stray, or a result that was never
-- recorded) used to stay forever. kept_at is when we kept it, on our clock (the receipt's own "at" is the SMSC's and
-- may be in another zone); the sender deletes receipts kept longer than a day. Rows kept before this migration count
-- from now.
ALTER TABLE early_receipts ADD COLUMN kept_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX early_receipts_kept_at ON early_receipts (kept_at);
