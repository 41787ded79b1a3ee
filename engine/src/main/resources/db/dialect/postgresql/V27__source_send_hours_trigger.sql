-- PostgreSQL's trigger keeping source_send_hours (V26); H2's V27 calls org.kabambe.analytics.SendHoursTrigger, which
-- counts the same way. What is counted is what MessageTimeline counted from outbox_source before: a message is
-- sent in the hour of its submitted_at, delivered in the hour of its delivered_at, failed in the hour of its
-- updated_at while its status is failed or expired. An update takes the old row's counts away and adds the new
-- row's, for each of the three that changed. Inserts are not counted (the engine queues rows, counted states come
-- by update; a database copy copies source_send_hours too), nor deletes (retention keeps the timeline).

-- Adds to the current session's counter row of (source, UTC hour of at).
CREATE FUNCTION source_send_hours_add(src VARCHAR, at TIMESTAMPTZ, s BIGINT, d BIGINT, f BIGINT) RETURNS void AS $$
  INSERT INTO source_send_hours AS h (source, on_hour, writer, sent, delivered, failed)
  VALUES (src, date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', pg_backend_pid(), s, d, f)
  ON CONFLICT (source, on_hour, writer) DO UPDATE SET sent = h.sent + EXCLUDED.sent,
    delivered = h.delivered + EXCLUDED.delivered, failed = h.failed + EXCLUDED.failed
$$ LANGUAGE sql;

CREATE FUNCTION source_send_hours_count() RETURNS trigger AS $$
DECLARE
  old_failed BOOLEAN := OLD.source IS NOT NULL AND OLD.status IN ('failed', 'expired');
  new_failed BOOLEAN := NEW.source IS NOT NULL AND NEW.status IN ('failed', 'expired');
BEGIN
  IF OLD.source IS DISTINCT FROM NEW.source OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at THEN
    IF OLD.source IS NOT NULL AND OLD.submitted_at IS NOT NULL THEN
      PERFORM source_send_hours_add(OLD.source, OLD.submitted_at, -1, 0, 0);
    END IF;
    IF NEW.source IS NOT NULL AND NEW.submitted_at IS NOT NULL THEN
      PERFORM source_send_hours_add(NEW.source, NEW.submitted_at, 1, 0, 0);
    END IF;
  END IF;
  IF OLD.source IS DISTINCT FROM NEW.source OR OLD.delivered_at IS DISTINCT FROM NEW.delivered_at THEN
    IF OLD.source IS NOT NULL AND OLD.delivered_at IS NOT NULL THEN
      PERFORM source_send_hours_add(OLD.source, OLD.delivered_at, 0, -1, 0);
    END IF;
    IF NEW.source IS NOT NULL AND NEW.delivered_at IS NOT NULL THEN
      PERFORM source_send_hours_add(NEW.source, NEW.delivered_at, 0, 1, 0);
    END IF;
  END IF;
  IF old_failed IS DISTINCT FROM new_failed OR OLD.source IS DISTINCT FROM NEW.source
      OR (new_failed AND OLD.updated_at IS DISTINCT FROM NEW.updated_at) THEN
    IF old_failed THEN
      PERFORM source_send_hours_add(OLD.source, OLD.updated_at, 0, 0, -1);
    END IF;
    IF new_failed THEN
      PERFORM source_send_hours_add(NEW.source, NEW.updated_at, 0, 0, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- The WHEN clause is evaluated without calling the function: claims, requeues and flows' messages (no source) pass
-- by at the cost of the comparison.
CREATE TRIGGER outbox_send_hours AFTER UPDATE ON outbox FOR EACH ROW
  WHEN ((OLD.source IS NOT NULL OR NEW.source IS NOT NULL)
    AND (OLD.source IS DISTINCT FROM NEW.source OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at
      OR OLD.delivered_at IS DISTINCT FROM NEW.delivered_at OR OLD.status IN ('failed', 'expired')
      OR NEW.status IN ('failed', 'expired')))
  EXECUTE FUNCTION source_send_hours_count();

-- The messages already there.
INSERT INTO source_send_hours (source, on_hour, writer, sent, delivered, failed)
  SELECT source, date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 0, SUM(s), SUM(d), SUM(f) FROM (
    SELECT source, submitted_at AS at, 1 AS s, 0 AS d, 0 AS f FROM outbox
      WHERE source IS NOT NULL AND submitted_at IS NOT NULL
    UNION ALL SELECT source, delivered_at, 0, 1, 0 FROM outbox WHERE source IS NOT NULL AND delivered_at IS NOT NULL
    UNION ALL SELECT source, updated_at, 0, 0, 1 FROM outbox
      WHERE source IS NOT NULL AND status IN ('failed', 'expired')
  ) counted GROUP BY source, date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
