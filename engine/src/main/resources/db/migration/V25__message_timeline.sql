-- Portable SQL (H2 2.x and PostgreSQL 12+). A broadcast's or campaign's messages and replies over time (issue 15:
-- GET /api/broadcasts/:id/timeline, /api/campaigns/:id/timeline). V24 is taken by the commit-ordered tail.

-- Sent, delivered and failed per hour or day come from the source's range of outbox_source, now holding the times
-- they are counted at (accepted by the SMSC, receipt, failure), so a timeline reads the index alone, as the totals
-- already did. Not a second index: every status change already rewrites this one (status is in it), and on
-- PostgreSQL each of those updates writes every index of the row anyway, so a second one would cost each change.
DROP INDEX outbox_source;
CREATE INDEX outbox_source ON outbox (source, status, phone, submitted_at, delivered_at, updated_at);

-- Replies (sms_received) and opt-outs per source and UTC hour, rolled up with source_replies (which keeps them
-- per number, without a time). Counted from this migration on: replies rolled up before it are in the totals of
-- /api/messages but in no hour of a timeline.
CREATE TABLE source_reply_hours (
  source   VARCHAR(120) NOT NULL,
  on_hour  TIMESTAMP WITH TIME ZONE NOT NULL,
  replies  BIGINT       NOT NULL,
  opt_outs BIGINT       NOT NULL,
  PRIMARY KEY (source, on_hour)
);
