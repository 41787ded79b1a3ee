-- Portable SQL (H2 2.x and PostgreSQL 12+). The dashboard's "Compare versions" (issue 15): a flow's funnel per
-- version (content hash) and each version's runs. Written by the rollup thread only, never on the hop path.

-- The version a run started on (a run stays on it: frames pin their flow's hash). Runs rolled up before this
-- column existed keep '' (version unknown): their funnel steps were summed without a version and cannot be
-- split now, so the version figures start with this migration, consistently for runs and funnel alike.
ALTER TABLE flow_runs ADD COLUMN flow_hash VARCHAR(100) NOT NULL DEFAULT '';
-- A version's runs and completions (GROUP BY flow_hash, status) and its funnel's runs in a period, index only.
CREATE INDEX flow_runs_version ON flow_runs (flow_id, flow_hash, start_day, channel, status);

-- funnel_daily split by version: the same counts, one more key column.
CREATE TABLE funnel_version_daily (
  flow_id    VARCHAR(200) NOT NULL,
  flow_hash  VARCHAR(100) NOT NULL,
  on_day     DATE         NOT NULL,
  channel    VARCHAR(8)   NOT NULL,
  node_id    VARCHAR(200) NOT NULL,
  reached    BIGINT       NOT NULL,
  left_count BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, flow_hash, on_day, channel, node_id)
);
