-- H2's trigger keeping source_send_hours (V26), in Java: org.kabambe.analytics.SendHoursTrigger counts as
-- PostgreSQL's V27 function does (see there). The class name is part of the schema: it must not move.
CREATE TRIGGER outbox_send_hours AFTER UPDATE ON outbox FOR EACH ROW
  CALL 'org.kabambe.analytics.SendHoursTrigger';

-- The messages already there.
INSERT INTO source_send_hours (source, on_hour, writer, sent, delivered, failed)
  SELECT source, DATE_TRUNC('HOUR', at AT TIME ZONE 'UTC'), 0, SUM(s), SUM(d), SUM(f) FROM (
    SELECT source, submitted_at AS at, 1 AS s, 0 AS d, 0 AS f FROM outbox
      WHERE source IS NOT NULL AND submitted_at IS NOT NULL
    UNION ALL SELECT source, delivered_at, 0, 1, 0 FROM outbox WHERE source IS NOT NULL AND delivered_at IS NOT NULL
    UNION ALL SELECT source, updated_at, 0, 0, 1 FROM outbox
      WHERE source IS NOT NULL AND status IN ('failed', 'expired')
  ) counted GROUP BY source, DATE_TRUNC('HOUR', at AT TIME ZONE 'UTC');
