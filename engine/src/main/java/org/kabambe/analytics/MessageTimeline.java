package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * A broadcast's or a campaign's messages and replies period by period (UTC days or hours): sent (accepted by the
 * SMSC, whatever became of them later), delivered (receipt), failed (failed or expired, when that was recorded),
 * replies and opt-outs (as {@link SentMessages} gives them to a source, when they came). Reads the source's range of
 * the {@code outbox_source} index (no table rows) and of {@code source_reply_hours}. Blocking JDBC.
 */
public final class MessageTimeline {
  /** One period: its ISO label (a date, or the hour's instant) and what happened in it. */
  public record Point(String period, long sent, long delivered, long failed, long replies, long optOuts) {}

  // Each reads the times that fall in [from, to) from the source's range of an index; the periods are counted here:
  // on H2 that is four times faster than grouping by EXTRACT(EPOCH ...) in SQL (100,000 rows: 144 ms, 590 ms).
  // The status is read, not tested in the WHERE clause: there H2 would read every failed row of the outbox through
  // outbox_due_order.
  static final String SENT = "SELECT submitted_at FROM outbox WHERE source >= ? AND source < ?"
      + " AND submitted_at >= ? AND submitted_at < ?";
  // delivered_at is set only with the status delivered (a failed receipt leaves it empty), which is final.
  static final String DELIVERED = "SELECT delivered_at FROM outbox WHERE source >= ? AND source < ?"
      + " AND delivered_at >= ? AND delivered_at < ?";
  static final String FAILED = "SELECT updated_at, status FROM outbox WHERE source >= ? AND source < ?"
      + " AND updated_at >= ? AND updated_at < ?";
  static final String REPLIES = "SELECT on_hour, SUM(replies), SUM(opt_outs) FROM source_reply_hours"
      + " WHERE source >= ? AND source < ? AND on_hour >= ? AND on_hour < ? GROUP BY on_hour";

  /** The outbox statuses that count as failed. */
  private static final Set<String> FAILURES = Set.of("failed", "expired");

  private final Database database;

  public MessageTimeline(Database database) {
    this.database = database;
  }

  /** The figures of the messages under {@code source} ("broadcast:3", "campaign:tips"), per period of [from, to). */
  public List<Point> of(String source, Instant from, Instant to, boolean hourly) {
    long seconds = hourly ? 3600 : 86_400;
    Map<Long, long[]> buckets = new HashMap<>();
    try (var c = database.connection()) {
      count(c, SENT, false, source, from, to, seconds, buckets, 0);
      count(c, DELIVERED, false, source, from, to, seconds, buckets, 1);
      count(c, FAILED, true, source, from, to, seconds, buckets, 2);
      count(c, REPLIES, false, source, from, to, seconds, buckets, 3);
    } catch (SQLException e) {
      throw new StoreException("cannot read the timeline of " + source + " from " + database.location() + ": "
          + e.getMessage(), e);
    }
    var out = new ArrayList<Point>();
    for (long b = bucket(from, seconds); b < bucket(to, seconds); b++) {
      long[] n = buckets.getOrDefault(b, new long[5]);
      Instant at = Instant.ofEpochSecond(b * seconds);
      out.add(new Point(hourly ? at.toString() : LocalDate.ofInstant(at, ZoneOffset.UTC).toString(), n[0], n[1], n[2],
          n[3], n[4]));
    }
    return out;
  }

  /**
   * Adds the rows of {@code sql} to their periods' counts from position {@code at}: one per row, or the row's sums
   * (replies, opt-outs) after its time; with {@code failures}, only a row whose status is failed or expired.
   */
  private static void count(Connection c, String sql, boolean failures, String source, Instant from, Instant to,
                            long seconds, Map<Long, long[]> buckets, int at) throws SQLException {
    try (var s = c.prepareStatement(sql)) {
      // Sources are "kind:id/part": the range holds exactly the parts of this source ('0' follows '/').
      s.setString(1, source + "/");
      s.setString(2, source + "0");
      s.setObject(3, SqlTimes.of(from));
      s.setObject(4, SqlTimes.of(to));
      try (var rs = s.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          if (failures && !FAILURES.contains(rs.getString(2))) continue;
          long bucket = bucket(rs.getObject(1, OffsetDateTime.class).toInstant(), seconds);
          long[] n = buckets.computeIfAbsent(bucket, k -> new long[5]);
          if (failures || columns == 1) n[at]++;
          else for (int i = 2; i <= columns; i++) n[at + i - 2] += rs.getLong(i);
        }
      }
    }
  }

  private static long bucket(Instant at, long seconds) {
    return Math.floorDiv(at.getEpochSecond(), seconds);
  }

  /** When broadcast {@code id} starts (or started) sending; empty when there is no such broadcast. */
  public Optional<Instant> broadcastStart(long id) {
    try (var c = database.connection(); var s = c.prepareStatement("SELECT start_at FROM broadcasts WHERE id = ?")) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant())
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read broadcast " + id + " from " + database.location() + ": " + e.getMessage(),
          e);
    }
  }
}
