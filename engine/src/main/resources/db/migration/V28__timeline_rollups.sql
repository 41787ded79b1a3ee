-- Portable SQL (H2 2.x and PostgreSQL 12+). The timeline and version views fast at scale (issue 15): a million runs
-- took 0.4-1.9 s per view, counting distinct participants per day and reading a 48 h window's runs from flow_runs,
-- and counting each version's runs over every run. Now the rollup keeps what they read, as it keeps run_daily
-- (status changes of a run move its counts), and each run carries the period participant counts it is the first
-- for (flow_runs.firsts bits 4-11, org.kabambe.analytics.Run.FIRST_OF_DAY / FIRST_OF_HOUR), so the per-period
-- sums are distinct participants. Figures summed this way keep their counts when runs are later erased.
--
-- Every table is backfilled from flow_runs below (not re-rolled from events, which retention may have purged).
-- Hours are whole UTC hours: date_trunc of the UTC wall time, back to a timestamp with time zone.

-- Per run, its period bits: 16/256 first of the flow that day/hour, 32/512 the same on its channel, 64/1024 of
-- any flow, 128/2048 of any flow on its channel. Runs that started at the same instant are ordered by flow, then
-- channel (the rollup itself goes by the order it reads them: either way, one run per participant and period).
UPDATE flow_runs f SET firsts = firsts
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone AND g.flow_id = f.flow_id
      AND g.start_day = f.start_day AND (g.started_at < f.started_at
        OR (g.started_at = f.started_at AND g.channel < f.channel))) THEN 16 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone AND g.flow_id = f.flow_id
      AND g.channel = f.channel AND g.start_day = f.start_day AND g.started_at < f.started_at) THEN 32 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone
      AND g.start_day = f.start_day AND (g.started_at < f.started_at
        OR (g.started_at = f.started_at AND (g.flow_id < f.flow_id
          OR (g.flow_id = f.flow_id AND g.channel < f.channel))))) THEN 64 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone AND g.channel = f.channel
      AND g.start_day = f.start_day AND (g.started_at < f.started_at
        OR (g.started_at = f.started_at AND g.flow_id < f.flow_id))) THEN 128 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone AND g.flow_id = f.flow_id
      AND date_trunc('hour', g.started_at AT TIME ZONE 'UTC') = date_trunc('hour', f.started_at AT TIME ZONE 'UTC')
      AND (g.started_at < f.started_at
        OR (g.started_at = f.started_at AND g.channel < f.channel))) THEN 256 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone AND g.flow_id = f.flow_id
      AND g.channel = f.channel
      AND date_trunc('hour', g.started_at AT TIME ZONE 'UTC') = date_trunc('hour', f.started_at AT TIME ZONE 'UTC')
      AND g.started_at < f.started_at) THEN 512 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone
      AND date_trunc('hour', g.started_at AT TIME ZONE 'UTC') = date_trunc('hour', f.started_at AT TIME ZONE 'UTC')
      AND (g.started_at < f.started_at
        OR (g.started_at = f.started_at AND (g.flow_id < f.flow_id
          OR (g.flow_id = f.flow_id AND g.channel < f.channel))))) THEN 1024 ELSE 0 END
  + CASE WHEN NOT EXISTS (SELECT 1 FROM flow_runs g WHERE g.phone = f.phone AND g.channel = f.channel
      AND date_trunc('hour', g.started_at AT TIME ZONE 'UTC') = date_trunc('hour', f.started_at AT TIME ZONE 'UTC')
      AND (g.started_at < f.started_at
        OR (g.started_at = f.started_at AND g.flow_id < f.flow_id))) THEN 2048 ELSE 0 END;

-- run_daily gains the day's participants (sums of the bits 16-128 of its runs):
--   people_in_flow:                 runs that were their participant's first of the flow that day
--   people_on_channel:              ... first of the flow on this channel that day
--   people_in_programme:            ... first of any flow that day
--   people_in_programme_on_channel: ... first of any flow on this channel that day
ALTER TABLE run_daily ADD COLUMN people_in_flow BIGINT NOT NULL DEFAULT 0;
ALTER TABLE run_daily ADD COLUMN people_on_channel BIGINT NOT NULL DEFAULT 0;
ALTER TABLE run_daily ADD COLUMN people_in_programme BIGINT NOT NULL DEFAULT 0;
ALTER TABLE run_daily ADD COLUMN people_in_programme_on_channel BIGINT NOT NULL DEFAULT 0;
UPDATE run_daily SET
  people_in_flow = (SELECT COUNT(*) FROM flow_runs r WHERE r.flow_id = run_daily.flow_id
    AND r.start_day = run_daily.on_day AND r.channel = run_daily.channel AND r.arm = run_daily.arm
    AND MOD(r.firsts / 16, 2) = 1),
  people_on_channel = (SELECT COUNT(*) FROM flow_runs r WHERE r.flow_id = run_daily.flow_id
    AND r.start_day = run_daily.on_day AND r.channel = run_daily.channel AND r.arm = run_daily.arm
    AND MOD(r.firsts / 32, 2) = 1),
  people_in_programme = (SELECT COUNT(*) FROM flow_runs r WHERE r.flow_id = run_daily.flow_id
    AND r.start_day = run_daily.on_day AND r.channel = run_daily.channel AND r.arm = run_daily.arm
    AND MOD(r.firsts / 64, 2) = 1),
  people_in_programme_on_channel = (SELECT COUNT(*) FROM flow_runs r WHERE r.flow_id = run_daily.flow_id
    AND r.start_day = run_daily.on_day AND r.channel = run_daily.channel AND r.arm = run_daily.arm
    AND MOD(r.firsts / 128, 2) = 1);

-- Per flow, start hour and channel: runs, completed, left (or dropped), and the hour's participants as in
-- run_daily (bits 256-2048).
CREATE TABLE run_hourly (
  flow_id                        VARCHAR(200) NOT NULL,
  on_hour                        TIMESTAMP WITH TIME ZONE NOT NULL,
  channel                        VARCHAR(8)   NOT NULL,
  runs                           BIGINT       NOT NULL,
  completed                      BIGINT       NOT NULL,
  left_count                     BIGINT       NOT NULL,
  people_in_flow                 BIGINT       NOT NULL,
  people_on_channel              BIGINT       NOT NULL,
  people_in_programme            BIGINT       NOT NULL,
  people_in_programme_on_channel BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, on_hour, channel)
);
CREATE INDEX run_hourly_hour ON run_hourly (on_hour);
INSERT INTO run_hourly (flow_id, on_hour, channel, runs, completed, left_count, people_in_flow, people_on_channel,
    people_in_programme, people_in_programme_on_channel)
  SELECT flow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', channel, COUNT(*),
      SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END),
      SUM(CASE WHEN status IN ('left', 'dropped') THEN 1 ELSE 0 END),
      SUM(MOD(firsts / 256, 2)), SUM(MOD(firsts / 512, 2)), SUM(MOD(firsts / 1024, 2)), SUM(MOD(firsts / 2048, 2))
  FROM flow_runs GROUP BY flow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', channel;

-- duration_daily per start hour (buckets as org.kabambe.analytics.Durations: whole seconds under 10 minutes,
-- 10 s to an hour, minutes to a day, hours beyond).
CREATE TABLE duration_hourly (
  flow_id VARCHAR(200) NOT NULL,
  on_hour TIMESTAMP WITH TIME ZONE NOT NULL,
  channel VARCHAR(8)   NOT NULL,
  seconds INTEGER      NOT NULL,
  n       BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, on_hour, channel, seconds)
);
CREATE INDEX duration_hourly_hour ON duration_hourly (on_hour);
INSERT INTO duration_hourly (flow_id, on_hour, channel, seconds, n)
  SELECT flow_id, on_hour, channel, CAST(CASE WHEN s < 600 THEN s WHEN s < 3600 THEN s - MOD(s, 10)
      WHEN s < 86400 THEN s - MOD(s, 60) ELSE s - MOD(s, 3600) END AS INTEGER), COUNT(*)
  FROM (SELECT flow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS on_hour, channel,
          GREATEST(0, duration_ms / 1000) AS s FROM flow_runs
        WHERE status = 'completed' AND duration_ms IS NOT NULL) completed_runs
  GROUP BY flow_id, on_hour, channel, CAST(CASE WHEN s < 600 THEN s WHEN s < 3600 THEN s - MOD(s, 10)
      WHEN s < 86400 THEN s - MOD(s, 60) ELSE s - MOD(s, 3600) END AS INTEGER);

-- Runs and completions per flow version (content hash), start day and channel: the version comparison's runs.
-- Runs of an unknown version ('', rolled up before V22) count in none, as in funnel_version_daily.
CREATE TABLE run_version_daily (
  flow_id   VARCHAR(200) NOT NULL,
  flow_hash VARCHAR(100) NOT NULL,
  on_day    DATE         NOT NULL,
  channel   VARCHAR(8)   NOT NULL,
  runs      BIGINT       NOT NULL,
  completed BIGINT       NOT NULL,
  PRIMARY KEY (flow_id, flow_hash, on_day, channel)
);
INSERT INTO run_version_daily (flow_id, flow_hash, on_day, channel, runs, completed)
  SELECT flow_id, flow_hash, start_day, channel, COUNT(*), SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END)
  FROM flow_runs WHERE flow_hash <> '' GROUP BY flow_id, flow_hash, start_day, channel;
