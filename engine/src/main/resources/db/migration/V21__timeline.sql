-- Portable SQL (H2 2.x and PostgreSQL 12+). The dashboard's "Over time" (issue 15): per-period figures of a flow
-- and of the whole programme, with markers for broadcasts sent and flow versions deployed.

-- When each flow version (by content hash, as the registry keeps them) was first served. The server records its
-- flows when it starts and on every reload; versions that ran before this table existed are backfilled below
-- from their first run (one scan of events, here only).
CREATE TABLE flow_versions (
  flow_id       VARCHAR(200) NOT NULL,
  content_hash  VARCHAR(100) NOT NULL,
  version       INTEGER      NOT NULL,
  first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (flow_id, content_hash)
);
CREATE INDEX flow_versions_seen ON flow_versions (first_seen_at);
-- detail is "version N" (HopEvent.FlowStarted).
INSERT INTO flow_versions (flow_id, content_hash, version, first_seen_at)
  SELECT flow_id, flow_hash, CAST(SUBSTRING(MIN(detail) FROM 9) AS INTEGER), MIN(at) FROM events
  WHERE type = 'flow_started' AND flow_id IS NOT NULL AND flow_hash IS NOT NULL AND detail LIKE 'version %'
  GROUP BY flow_id, flow_hash;

-- Distinct participants per day of one flow (and per hour over the last days) come from the index alone: the
-- phone joins the index the figures already use for a custom period's participants. flow_runs is written by
-- the rollup thread only, never on the hop path, and these columns never change once a run is in.
DROP INDEX flow_runs_day;
CREATE INDEX flow_runs_day ON flow_runs (flow_id, start_day, channel, phone);
-- The same across every flow (the programme's timeline, and the engagement segments' date range).
CREATE INDEX flow_runs_start_day ON flow_runs (start_day, channel, phone);
-- The programme's runs and medians per day read every flow's rows of a date range.
CREATE INDEX run_daily_day ON run_daily (on_day);
CREATE INDEX duration_daily_day ON duration_daily (on_day);
-- Broadcasts sent in a date range (the timeline's markers); broadcasts_status leads with the status.
CREATE INDEX broadcasts_start ON broadcasts (start_at);
