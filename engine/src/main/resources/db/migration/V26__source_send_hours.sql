-- Portable SQL (H2 2.x and PostgreSQL 12+). A broadcast's or campaign's SMS sent, delivered and failed per UTC hour
-- (issue 15), so that its timeline reads a few rows per hour instead of every message's entry in outbox_source
-- (H2, a broadcast of 100,000: 450 ms for 30 days). Kept by a trigger on outbox updates (V27, one per database):
-- it sees every change however it is made, and costs the send path one upsert per counted change.
--
-- writer: the database session that counted (PostgreSQL's backend pid, H2's session id). Each session adds to its
-- own rows, so two nodes' transactions never wait on, or deadlock over, the same counter row; a reader sums them.
-- Rows counted before V27 (its backfill) have writer 0.
CREATE TABLE source_send_hours (
  source    VARCHAR(120) NOT NULL,
  on_hour   TIMESTAMP WITH TIME ZONE NOT NULL,
  writer    INTEGER      NOT NULL,
  sent      BIGINT       NOT NULL,
  delivered BIGINT       NOT NULL,
  failed    BIGINT       NOT NULL,
  PRIMARY KEY (source, on_hour, writer)
);
