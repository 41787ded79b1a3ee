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
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * A broadcast's or a campaign's messages and replies period by period (UTC days or hours): sent (accepted by the
 * SMSC, whatever became of them later), delivered (receipt), failed (failed or expired, when that was recorded),
 * replies and opt-outs (as {@link SentMessages} gives them to a source, when they came). Reads the source's range of
 * the {@code outbox_source} index (no table rows) and of {@code source_reply_hours}; each count is summed per
 * period by the database. Blocking JDBC.
 */
public final class MessageTimeline {
  /** One period: its ISO label (a date, or the hour's instant) and what happened in it. */
  public record Point(String period, long sent, long delivered, long failed, long replies, long optOuts) {}

  // Each counts the rows whose time falls in [from, to) per period; %s: the bucket of that time column. The status
  // is tested in the count, not the WHERE clause: there H2 would read every delivered row through outbox_due_order.
  static final String SENT = "SELECT %s, COUNT(*) FROM outbox WHERE source >= ? AND source < ?"
      + " AND submitted_at >= ? AND submitted_at < ? GROUP BY %<s";
  // delivered_at is set only with the status delivered (a failed receipt leaves it empty), which is final.
  static final String DELIVERED = "SELECT %s, COUNT(*) FROM outbox WHERE source >= ? AND source < ?"
      + " AND delivered_at >= ? AND delivered_at < ? GROUP BY %<s";
  static final String FAILED = "SELECT %s, COUNT(CASE WHEN status IN ('failed', 'expired') THEN 1 END) FROM outbox"
      + " WHERE source >= ? AND source < ? AND updated_at >= ? AND updated_at < ? GROUP BY %<s";
  static final String REPLIES = "SELECT %s, SUM(replies), SUM(opt_outs) FROM source_reply_hours"
      + " WHERE source >= ? AND source < ? AND on_hour >= ? AND on_hour < ? GROUP BY %<s";

  private final Database database;

  public MessageTimeline(Database database) {
    this.database = database;
  }

  /** The figures of the messages under {@code source} ("broadcast:3", "campaign:tips"), per period of [from, to). */
  public List<Point> of(String source, Instant from, Instant to, boolean hourly) {
    long seconds = hourly ? 3600 : 86_400;
    Map<Long, long[]> buckets = new HashMap<>();
    try (var c = database.connection()) {
      count(c, SENT, "submitted_at", source, from, to, seconds, buckets, 0);
      count(c, DELIVERED, "delivered_at", source, from, to, seconds, buckets, 1);
      count(c, FAILED, "updated_at", source, from, to, seconds, buckets, 2);
      count(c, REPLIES, "on_hour", source, from, to, seconds, buckets, 3);
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

  /** The statement for {@code column} (MessageTimelinePlanTest checks that it reads an index only). */
  static String sql(String template, String column, long seconds) {
    // Seconds since the epoch, whole periods: the same on H2 and PostgreSQL whatever the session's time zone.
    return String.format(template, "CAST(FLOOR(EXTRACT(EPOCH FROM " + column + ") / " + seconds + ") AS BIGINT)");
  }

  /** Adds each period's count (and a second column, if any) to {@code buckets} from position {@code at}. */
  private static void count(Connection c, String template, String column, String source, Instant from, Instant to,
                            long seconds, Map<Long, long[]> buckets, int at) throws SQLException {
    try (var s = c.prepareStatement(sql(template, column, seconds))) {
      // Sources are "kind:id/part": the range holds exactly the parts of this source ('0' follows '/').
      s.setString(1, source + "/");
      s.setString(2, source + "0");
      s.setObject(3, SqlTimes.of(from));
      s.setObject(4, SqlTimes.of(to));
      try (var rs = s.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          long[] n = buckets.computeIfAbsent(rs.getLong(1), k -> new long[5]);
          for (int i = 2; i <= columns; i++) n[at + i - 2] += rs.getLong(i);
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
