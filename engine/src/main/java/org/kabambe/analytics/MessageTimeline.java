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
 * {@code source_send_hours} (kept by a trigger on outbox updates, migration V27) and of {@code source_reply_hours}
 * (kept by the rollup): a few rows per hour, however many messages. Blocking JDBC.
 */
public final class MessageTimeline {
  /** One period: its ISO label (a date, or the hour's instant) and what happened in it. */
  public record Point(String period, long sent, long delivered, long failed, long replies, long optOuts) {}

  // Each reads the hours in [from, to) of the source's parts (each part's hour has a row per database session that
  // counted in it); the periods are summed here, which spares SQL a day-from-timestamp expression per dialect.
  static final String SENDS = "SELECT on_hour, SUM(sent), SUM(delivered), SUM(failed) FROM source_send_hours"
      + " WHERE source >= ? AND source < ? AND on_hour >= ? AND on_hour < ? GROUP BY on_hour";
  static final String REPLIES = "SELECT on_hour, SUM(replies), SUM(opt_outs) FROM source_reply_hours"
      + " WHERE source >= ? AND source < ? AND on_hour >= ? AND on_hour < ? GROUP BY on_hour";

  private final Database database;

  public MessageTimeline(Database database) {
    this.database = database;
  }

  /** The figures of the messages under {@code source} ("broadcast:3", "campaign:tips"), per period of [from, to). */
  public List<Point> of(String source, Instant from, Instant to, boolean hourly) {
    long seconds = hourly ? 3600 : 86_400;
    Map<Long, long[]> buckets = new HashMap<>();
    try (var c = database.connection()) {
      count(c, SENDS, source, from, to, seconds, buckets, 0);
      count(c, REPLIES, source, from, to, seconds, buckets, 3);
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

  /** Adds the sums of each hour {@code sql} reads (the columns after its time) to its period's, from {@code at}. */
  private static void count(Connection c, String sql, String source, Instant from, Instant to,
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
          long bucket = bucket(rs.getObject(1, OffsetDateTime.class).toInstant(), seconds);
          long[] n = buckets.computeIfAbsent(bucket, k -> new long[5]);
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
