-- Portable SQL (H2 2.x and PostgreSQL 12+). Broadcast and campaign figures (issue 6): which broadcast (arm) or
-- campaign step queued an SMS, and the replies that followed.

-- source: 'broadcast:ID/ARM' (ARM empty for a broadcast without arms) or 'campaign:ID/STEP' (the step's key);
-- NULL for the messages flows send. Written by org.kabambe.broadcast.Broadcasts and CampaignScheduler with the row.
ALTER TABLE outbox ADD COLUMN source VARCHAR(120);
-- A broadcast's or campaign's figures read its range of this index (rows by status and number, no table rows).
CREATE INDEX outbox_source ON outbox (source, status, phone);

-- Replies (sms_received) and opt-outs after a broadcast or campaign message: the rollup gives each to the last
-- such message submitted to the number in the 7 days before it. One row per source and number (the repliers).
CREATE TABLE source_replies (
  source   VARCHAR(120) NOT NULL,
  phone    VARCHAR(32)  NOT NULL,
  replies  BIGINT       NOT NULL,
  opt_outs BIGINT       NOT NULL,
  PRIMARY KEY (source, phone)
);
