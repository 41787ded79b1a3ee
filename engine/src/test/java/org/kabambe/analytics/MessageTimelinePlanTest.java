package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.QueryPlans;
import org.kabambe.testing.TestDatabases;

/**
 * A broadcast's timeline reads its own range of the primary keys of {@code source_send_hours} (sent, delivered,
 * failed; kept by the outbox trigger, which the messages here go through: queued, then moved on) and of
 * {@code source_reply_hours}, never a table's rows nor the outbox.
 */
@Tag("database")
class MessageTimelinePlanTest {
  @Test
  void eachCountReadsTheSourcesRangeOfAnIndex() throws Exception {
    try (Database db = TestDatabases.open(); var c = db.connection()) {
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      try (var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, updated_at,"
          + " next_attempt_at, source) VALUES (?, 'hi', 'queued', ?, ?, ?, ?)")) {
        for (int i = 0; i < 3_000; i++) {
          s.setString(1, "+2547000" + (10_000 + i));
          for (int p = 2; p <= 4; p++) s.setObject(p, SqlTimes.of(t0));
          s.setString(5, "broadcast:" + (i % 30) + "/" + (i % 2 == 0 ? "a" : "b"));
          s.addBatch();
        }
        s.executeBatch();
      }
      try (var s = c.prepareStatement("UPDATE outbox SET status = CASE MOD(id, 3) WHEN 0 THEN 'delivered' WHEN 1"
          + " THEN 'failed' ELSE 'submitted' END, submitted_at = ?, delivered_at = CASE MOD(id, 3) WHEN 0 THEN ?"
          + " END, updated_at = ?")) {
        for (int p = 1; p <= 3; p++) s.setObject(p, SqlTimes.of(t0.plus(p, ChronoUnit.HOURS)));
        s.executeUpdate();
      }
      QueryPlans.analyze(c, "source_send_hours", "source_reply_hours");
      Object[] params = {"broadcast:7/", "broadcast:70", SqlTimes.of(t0), SqlTimes.of(t0.plus(2, ChronoUnit.DAYS))};
      for (String sql : List.of(MessageTimeline.SENDS, MessageTimeline.REPLIES)) {
        String plan = QueryPlans.planWithoutSeqScans(c, sql, params);
        assertFalse(QueryPlans.scansATable(plan), sql + "\n" + plan);
        String table = sql.contains("source_send_hours") ? "source_send_hours" : "source_reply_hours";
        assertTrue(QueryPlans.readsIndex(plan, TestDatabases.postgres() ? table + "_pkey" : "PRIMARY_KEY"),
            sql + "\n" + plan);
      }
    }
  }
}
