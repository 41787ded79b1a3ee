-- Question x question cross-tabs (org.kabambe.analytics.CrossTab): per run, the pair of its final answers to two
-- categorical questions (menus, choice and yes/no asks: see CrossTabQuestions), counted on the run's start day.
-- One row per unordered pair of questions: row_name sorts before col_name. When a run's answer changes (Back),
-- the rollup moves the pairs it is in. Kept by the rollup thread only, like answer_daily.
-- Not backfilled: which questions are categorical is in the flow files, not the database, so question x question
-- tables count the runs rolled up from this migration on (contact-field cross-tabs read answer_field_daily,
-- which has its history).
CREATE TABLE answer_pair_daily (
  flow_id   VARCHAR(200) NOT NULL,
  on_day    DATE         NOT NULL,
  channel   VARCHAR(8)   NOT NULL,
  row_name  VARCHAR(200) NOT NULL,
  row_value VARCHAR(100) NOT NULL,
  col_name  VARCHAR(200) NOT NULL,
  col_value VARCHAR(100) NOT NULL,
  n         BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, on_day, channel, row_name, col_name, row_value, col_value)
);
