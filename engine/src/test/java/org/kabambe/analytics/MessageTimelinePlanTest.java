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
 * A broadcast's timeline reads its own range of an index, never the outbox's rows: on PostgreSQL an index-only scan
 * of {@code outbox_source} for the three outbox counts once vacuum has marked the rows visible (sequential scans
 * priced out: the test's table is small), on H2 that index; the replies read their range of {@code source_reply_hours}' primary key.
 */
@Tag("database")
class MessageTimelinePlanTest {
  @Test
  void eachCountReadsTheSourcesRangeOfAnIndex() throws Exception {
    try (Database db = TestDatabases.open(); var c = db.connection()) {
      Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
      try (var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, updated_at,"
          + " next_attempt_at, submitted_at, delivered_at, source) VALUES (?, 'hi', ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < 3_000; i++) {
          Instant at = t0.plus(i, ChronoUnit.MINUTES);
          s.setString(1, "+2547000" + (10_000 + i));
          s.setString(2, i % 3 == 0 ? "delivered" : i % 3 == 1 ? "failed" : "submitted");
          for (int p = 3; p <= 7; p++) s.setObject(p, SqlTimes.of(at));
          s.setString(8, "broadcast:" + (i % 30) + "/" + (i % 2 == 0 ? "a" : "b"));
          s.addBatch();
        }
        s.executeBatch();
      }
      QueryPlans.analyze(c, "outbox", "source_reply_hours");
      if (TestDatabases.postgres()) {
        // As autovacuum leaves settled rows: marked all-visible, so the index alone can answer for them.
        try (var s = c.createStatement()) {
          s.execute("VACUUM outbox");
        }
      }
      Object[] params = {"broadcast:7/", "broadcast:70", SqlTimes.of(t0), SqlTimes.of(t0.plus(2, ChronoUnit.DAYS))};
      for (String sql : List.of(MessageTimeline.SENT, MessageTimeline.DELIVERED, MessageTimeline.FAILED)) {
        String plan = QueryPlans.planWithoutSeqScans(c, sql, params);
        assertTrue(QueryPlans.readsIndex(plan, "outbox_source"), sql + "\n" + plan);
        assertFalse(QueryPlans.scansATable(plan), sql + "\n" + plan);
        if (TestDatabases.postgres()) assertTrue(plan.contains("Index Only Scan"), sql + "\n" + plan);
      }
      String replies = MessageTimeline.REPLIES;
      String plan = QueryPlans.planWithoutSeqScans(c, replies, params);
      assertFalse(QueryPlans.scansATable(plan), replies + "\n" + plan);
      assertTrue(QueryPlans.readsIndex(plan, TestDatabases.postgres() ? "source_reply_hours_pkey" : "PRIMARY_KEY"),
          replies + "\n" + plan);
    }
  }
}
