-- Portable SQL (H2 2.x and PostgreSQL 12+). What the SMS sender (org.kabambe.outbox) records as it moves outbox rows
-- queued -> submitting -> submitted -> delivered | failed | expired. Every new column is nullable or defaulted, so
-- the group-commit writer's V1 insert stays valid.

-- provider: the provider the row was claimed for (receipts match parts by provider + id).
-- claimed_by: the sender node that claimed it; at start-up a node settles only its own 'submitting' rows.
-- sender: the from address, NULL for the provider's default. priority: higher first (broadcasts go below 0).
-- expires_at: validity; NULL means created_at + the sender's default validity.
-- smpp_status: the last Retry/Rejected status code (SMPP command_status or the HTTP provider's own code).
ALTER TABLE outbox ADD COLUMN provider     VARCHAR(64);
ALTER TABLE outbox ADD COLUMN claimed_by   VARCHAR(64);
ALTER TABLE outbox ADD COLUMN sender       VARCHAR(32);
ALTER TABLE outbox ADD COLUMN priority     SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN expires_at   TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN submitted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN delivered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN smpp_status  INTEGER;

-- The sender's poll: queued rows by priority, then due time, then id (a hop's messages keep their order). With the
-- status in the ORDER BY too, H2 reads the first N entries of this index instead of sorting every queued row.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (status, priority DESC, next_attempt_at, id);

-- One row per part the provider accepted (an HTTP provider that gives one id per message has one part). The message
-- is delivered when every part is, failed (or expired) as soon as one part is.
CREATE TABLE outbox_parts (
  outbox_id   BIGINT       NOT NULL REFERENCES outbox (id),
  seq         INTEGER      NOT NULL,
  provider    VARCHAR(64)  NOT NULL,
  provider_id VARCHAR(100) NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  error       VARCHAR,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (outbox_id, seq),
  CONSTRAINT outbox_parts_status CHECK (status IN ('submitted', 'delivered', 'failed', 'expired'))
);
-- Receipts look parts up by the provider's id (not unique: SMSCs recycle ids; the newest part wins).
CREATE INDEX outbox_parts_provider_id ON outbox_parts (provider_id, provider);

-- Receipts that arrived before the submit result naming their id was recorded (an SMSC may send a receipt before
-- our submit_sm_resp handling commits). Applied when the ids are recorded.
CREATE TABLE early_receipts (
  provider    VARCHAR(64)  NOT NULL,
  provider_id VARCHAR(100) NOT NULL,
  state       VARCHAR(16)  NOT NULL,
  error_code  VARCHAR(64)  NOT NULL,
  at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX early_receipts_provider_id ON early_receipts (provider_id, provider);
