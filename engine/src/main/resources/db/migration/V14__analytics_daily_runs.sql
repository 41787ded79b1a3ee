-- Portable SQL (H2 2.x and PostgreSQL 12+). Measurement, second step (issue 6): every figure reads per-day
-- counters; nothing at request time counts distinct numbers or sorts durations over every run.
--
-- A flow with a million events (110,000 runs) took 1.2 s for its first figures after a restart, most of it
-- COUNT(DISTINCT phone) and the median over flow_runs. Now the rollup also keeps the tables below, and each run
-- carries the participant counts it is the first for (flow_runs.firsts), so summing days gives participants.

-- Roll everything up again from events and answers (the source of truth, append-only): the new counters, the
-- final-answer rule and the simulator's own channel then cover the whole history, not only what comes next.
-- (Emptied first: altering an empty flow_runs is instant, a full one is rewritten row by row.)
DELETE FROM flow_runs;
DELETE FROM funnel_daily;
DELETE FROM event_daily;
DELETE FROM answer_daily;
DELETE FROM participant_arms;
DELETE FROM analytics_cursor;

-- Per flow, start day, channel and arm: runs by status, and the participants first counted there.
--   new_in_flow:           runs that were their participant's first run of the flow
--   new_on_channel:        ... first run of the flow on this channel
--   new_in_arm:            ... first run of the flow settled in this arm (assigned it; or, for arm '', ended or
--                          was dropped without one)
--   new_in_arm_on_channel: the same per channel
-- left_count includes dropped runs (they may still resume), as the figures always have.
CREATE TABLE run_daily (
  flow_id               VARCHAR(200) NOT NULL,
  on_day                DATE         NOT NULL,
  channel               VARCHAR(8)   NOT NULL,
  arm                   VARCHAR(220) NOT NULL,
  runs                  BIGINT       NOT NULL,
  completed             BIGINT       NOT NULL,
  left_count            BIGINT       NOT NULL,
  open_count            BIGINT       NOT NULL,
  new_in_flow           BIGINT       NOT NULL,
  new_on_channel        BIGINT       NOT NULL,
  new_in_arm            BIGINT       NOT NULL,
  new_in_arm_on_channel BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, on_day, channel, arm)
);

-- Completed runs per flow, start day, channel and time to complete (org.kabambe.analytics.Durations: whole
-- seconds under 10 minutes, coarser above), for the median.
CREATE TABLE duration_daily (
  flow_id VARCHAR(200) NOT NULL,
  on_day  DATE         NOT NULL,
  channel VARCHAR(8)   NOT NULL,
  seconds INTEGER      NOT NULL,
  n       BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, on_day, channel, seconds)
);

-- Answer counts by a contact field (the declared text and choice fields that are not pii, e.g. district), with
-- the value the contact had when the answer was rolled up (a second or so after it was given).
CREATE TABLE answer_field_daily (
  flow_id     VARCHAR(200) NOT NULL,
  on_day      DATE         NOT NULL,
  channel     VARCHAR(8)   NOT NULL,
  field       VARCHAR(100) NOT NULL,
  field_value VARCHAR(100) NOT NULL,
  node_id     VARCHAR(200) NOT NULL,
  name        VARCHAR(200) NOT NULL,
  answer      VARCHAR(100) NOT NULL,
  n           BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, on_day, channel, field, field_value, node_id, name, answer)
);

-- firsts: the run's Run.FIRST_* bits. answered: a live run's counted answers per question, so that a new answer
-- to the same question (after Back) replaces the old one in the counts, also across a restart.
ALTER TABLE flow_runs ADD COLUMN firsts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flow_runs ADD COLUMN answered VARCHAR NOT NULL DEFAULT '';

-- The figures no longer scan flow_runs, so its covering index (rewritten with every run's status change) goes;
-- what remains serves a custom date range's distinct participants.
DROP INDEX flow_runs_day;
CREATE INDEX flow_runs_day ON flow_runs (flow_id, start_day);
