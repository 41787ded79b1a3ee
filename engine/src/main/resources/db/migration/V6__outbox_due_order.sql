-- Portable SQL (H2 2.x and PostgreSQL 12+). The sender polls due rows with
--   WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY status, priority DESC, next_attempt_at, id FETCH FIRST n
-- With only outbox_due (status, next_attempt_at), every poll read and sorted the whole queue (20,000 queued rows: a
-- sender capped near 1,000 rows/s). This index hands the rows over in the poll's order, so a poll reads about as many
-- rows as it returns (H2 needs the constant status in the ORDER BY to see that). V6: V4 and V5 are taken on other
-- branches.
CREATE INDEX outbox_due_order ON outbox (status, priority DESC, next_attempt_at, id);
