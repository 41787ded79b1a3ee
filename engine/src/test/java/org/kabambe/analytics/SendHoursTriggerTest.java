package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.TestDatabases;

/**
 * The outbox trigger's per-hour counts equal the counts of the raw rows after any sequence of updates, including the
 * ones the sender never makes (a failed row delivered after all, a source changed, a time moved), made by two
 * connections at once on rows of the same source and hour.
 */
@Tag("database")
class SendHoursTriggerTest {
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  static final String[] STATUSES = {"queued", "submitting", "submitted", "delivered", "failed", "expired"};

  @Test
  void hourCountsMatchTheRawRowsAfterRandomUpdates() throws Exception {
    try (var db = TestDatabases.open(); var a = db.connection(); var b = db.connection()) {
      try (var s = a.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, updated_at,"
          + " next_attempt_at, source) VALUES (?, 'hi', 'queued', ?, ?, ?, ?)")) {
        for (int i = 0; i < 200; i++) {
          s.setString(1, "+25470001" + (1000 + i));
          for (int p = 2; p <= 4; p++) s.setObject(p, SqlTimes.of(T0));
          s.setString(5, i % 10 == 0 ? null : "broadcast:" + (i % 3) + "/" + (i % 2 == 0 ? "a" : ""));
          s.addBatch();
        }
        s.executeBatch();
      }
      long first = firstId(a);
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      var random = new Random(15);
      for (int round = 0; round < 20; round++) {
        for (Connection c : new Connection[] {a, b}) {
          try (var s = c.prepareStatement("UPDATE outbox SET status = ?, submitted_at = ?, delivered_at = ?,"
              + " updated_at = ?, source = ? WHERE id = ?")) {
            for (int i = 0; i < 10; i++) {
              String status = STATUSES[random.nextInt(STATUSES.length)];
              s.setString(1, status);
              s.setObject(2, random.nextBoolean() ? null : time(random));
              s.setObject(3, status.equals("delivered") ? time(random) : null);
              s.setObject(4, time(random));
              s.setString(5, random.nextInt(8) == 0 ? null : "broadcast:" + random.nextInt(3) + "/a");
              // Each connection its half of the rows, so neither waits for the other's lock.
              s.setLong(6, (random.nextInt(100) * 2L + (c == a ? 0 : 1)) + first);
              s.addBatch();
            }
            s.executeBatch();
          }
        }
        a.commit();
        b.commit();
      }
      assertEquals(fromRawRows(a), fromCounters(a));
    }
  }

  private static OffsetDateTime time(Random random) {
    return SqlTimes.of(T0.plusSeconds(random.nextInt(3 * 86_400)));
  }

  private static long firstId(Connection c) throws Exception {
    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT MIN(id) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** "source hour" to "sent delivered failed", counted from the outbox as MessageTimeline counted before V26. */
  private static Map<String, String> fromRawRows(Connection c) throws Exception {
    Map<String, long[]> n = new TreeMap<>();
    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT source, status, submitted_at, delivered_at,"
        + " updated_at FROM outbox WHERE source IS NOT NULL")) {
      while (rs.next()) {
        String source = rs.getString(1);
        SqlTimes.read(rs, 3).ifPresent(at -> n.computeIfAbsent(key(source, at), k -> new long[3])[0]++);
        SqlTimes.read(rs, 4).ifPresent(at -> n.computeIfAbsent(key(source, at), k -> new long[3])[1]++);
        if (rs.getString(2).equals("failed") || rs.getString(2).equals("expired")) {
          n.computeIfAbsent(key(source, SqlTimes.read(rs, 5).orElseThrow()), k -> new long[3])[2]++;
        }
      }
    }
    var out = new TreeMap<String, String>();
    n.forEach((k, v) -> out.put(k, v[0] + " " + v[1] + " " + v[2]));
    return out;
  }

  private static Map<String, String> fromCounters(Connection c) throws Exception {
    var out = new TreeMap<String, String>();
    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT source, on_hour, SUM(sent), SUM(delivered),"
        + " SUM(failed) FROM source_send_hours GROUP BY source, on_hour")) {
      while (rs.next()) {
        String counts = rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5);
        if (!counts.equals("0 0 0")) out.put(key(rs.getString(1), SqlTimes.read(rs, 2).orElseThrow()), counts);
      }
    }
    return out;
  }

  private static String key(String source, Instant at) {
    return source + " " + at.truncatedTo(ChronoUnit.HOURS);
  }
}
