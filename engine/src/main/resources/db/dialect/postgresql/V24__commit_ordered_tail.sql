-- PostgreSQL only (H2's V24 is empty: one writer thread commits in id order there). With several writers (nodes,
-- each a group-commit writer) ids commit out of order, and a rollup tailing by id would move past a lower id that
-- commits late and never count it. Each hop row now carries the transaction that wrote it; the rollup reads rows
-- of transactions older than the oldest one still running (pg_snapshot_xmin), in (tx, id) order, from a (tx, id)
-- cursor (org.kabambe.analytics.CommitOrder). Rows already here get this migration's transaction; a cursor without
-- last_tx resumes at the transaction of its last row. xid8 needs PostgreSQL 13 or later.
ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE answers ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_tx_id ON events (tx, id);
CREATE INDEX answers_tx_id ON answers (tx, id);
ALTER TABLE analytics_cursor ADD COLUMN last_tx xid8;
