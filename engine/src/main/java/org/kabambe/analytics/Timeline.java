package org.kabambe.analytics;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * A flow's figures (or the whole programme's, without a flow) period by period, for "how did participation move
 * after the campaign started?". Days read the rollup's per-day tables ({@code run_daily}, {@code duration_daily})
 * and the distinct participants from {@code flow_runs}' index; hours (a window of at most a few days) read the
 * window's runs from {@code flow_runs}. Nothing here reads the hop tables. Every period of the range is present,
 * with zeros when nothing happened. Channels as in {@link Figures}: without one the simulator is left out.
 * Blocking JDBC: call it on a worker thread.
 */
public final class Timeline {
  static final String RUNS = "SELECT on_day, SUM(runs), SUM(completed), SUM(left_count) FROM run_daily";
  static final String PARTICIPANTS = "SELECT start_day, COUNT(DISTINCT phone) FROM flow_runs";
  static final String DURATIONS = "SELECT on_day, seconds, SUM(n) FROM duration_daily";
  static final String HOUR_RUNS = "SELECT started_at, status, duration_ms, phone FROM flow_runs";
  static final String HOUR_WINDOW = " AND started_at >= ? AND started_at < ?";
  /** Sent broadcasts: a broadcast cancelled before it queued anything was never sent. */
  static final String BROADCASTS = "SELECT id, start_at, spec FROM broadcasts WHERE start_at >= ? AND start_at < ?"
      + " AND status <> 'scheduled' AND (status <> 'cancelled' OR queued > 0) ORDER BY start_at, id";

  private final Database database;

  public Timeline(Database database) {
    this.database = database;
  }

  /** One point per day {@code [from, to)} (UTC), labelled with its ISO date; runs count under their start day. */
  public List<TimelinePoint> days(Optional<String> flowId, LocalDate from, LocalDate to, Optional<String> channel) {
    Map<LocalDate, long[]> runs = new HashMap<>();
    Map<LocalDate, Long> people = new HashMap<>();
    Map<LocalDate, TreeMap<Integer, Long>> durations = new HashMap<>();
    try (var c = database.connection()) {
      try (var s = select(c, RUNS, "on_day", flowId, from, to, channel, " GROUP BY on_day");
           var rs = s.executeQuery()) {
        while (rs.next()) runs.put(day(rs, 1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
      }
      try (var s = select(c, PARTICIPANTS, "start_day", flowId, from, to, channel, " GROUP BY start_day");
           var rs = s.executeQuery()) {
        while (rs.next()) people.put(day(rs, 1), rs.getLong(2));
      }
      try (var s = select(c, DURATIONS, "on_day", flowId, from, to, channel, " GROUP BY on_day, seconds");
           var rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(3) > 0) durations.computeIfAbsent(day(rs, 1), d -> new TreeMap<>()).put(rs.getInt(2),
              rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    var out = new ArrayList<TimelinePoint>();
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      long[] r = runs.getOrDefault(d, new long[3]);
      TreeMap<Integer, Long> h = durations.get(d);
      out.add(new TimelinePoint(d.toString(), people.getOrDefault(d, 0L), r[0], r[1], r[2],
          h == null ? OptionalDouble.empty() : Durations.median(h)));
    }
    return out;
  }

  /**
   * One point per hour {@code [from, to)} (whole UTC hours), labelled with its ISO instant; runs count under the
   * hour they started. Reads the window's runs one by one: meant for the last day or two, not for months.
   */
  public List<TimelinePoint> hours(Optional<String> flowId, Instant from, Instant to, Optional<String> channel) {
    Map<Instant, Hour> hours = new HashMap<>();
    LocalDate firstDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
    LocalDate lastDay = LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
    try (var c = database.connection()) {
      // The start_day bounds let the index on (flow_id, start_day, ...) or (start_day, ...) find the window.
      try (var s = select(c, HOUR_RUNS, "start_day", flowId, firstDay, lastDay, channel, HOUR_WINDOW)) {
        int next = flowId.isPresent() ? 4 : 3;
        if (channel.isPresent()) next++;
        s.setObject(next, SqlTimes.of(from));
        s.setObject(next + 1, SqlTimes.of(to));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            Instant at = rs.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS);
            Hour h = hours.computeIfAbsent(at, k -> new Hour());
            String status = rs.getString(2);
            long millis = rs.getLong(3);
            boolean timed = !rs.wasNull();
            h.runs++;
            h.people.add(rs.getString(4));
            if ("completed".equals(status)) {
              h.completed++;
              if (timed) h.durations.merge(Durations.bucket(millis), 1L, Long::sum);
            } else if (!"open".equals(status)) {
              h.dropped++;
            }
          }
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    var out = new ArrayList<TimelinePoint>();
    for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) {
      Hour h = hours.get(t);
      out.add(h == null ? TimelinePoint.empty(t.toString()) : new TimelinePoint(t.toString(), h.people.size(), h.runs,
          h.completed, h.dropped, Durations.median(h.durations)));
    }
    return out;
  }

  private static final class Hour {
    final Set<String> people = new HashSet<>();
    final TreeMap<Integer, Long> durations = new TreeMap<>();
    long runs;
    long completed;
    long dropped;
  }

  /**
   * Broadcasts that started sending and flow versions first served in {@code [from, to)}, oldest first. For a
   * flow: its own versions, text broadcasts and the broadcasts that start it; for the programme: all of them.
   */
  public List<TimelineMarker> markers(Optional<String> flowId, Instant from, Instant to) {
    var out = new ArrayList<TimelineMarker>();
    try (var c = database.connection()) {
      try (var s = c.prepareStatement(BROADCASTS)) {
        s.setObject(1, SqlTimes.of(from));
        s.setObject(2, SqlTimes.of(to));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            var spec = new JsonObject(rs.getString(3));
            String flow = Objects.requireNonNullElse(spec.getString("flow"), ""); // null in the JSON too
            if (flowId.isPresent() && !flow.isEmpty() && !flow.equals(flowId.get())) continue;
            out.add(new TimelineMarker(rs.getObject(2, OffsetDateTime.class).toInstant(), "broadcast",
                broadcastName(id, spec), flow, Long.toString(id)));
          }
        }
      }
      try (var s = c.prepareStatement(versions(flowId.isPresent()))) {
        s.setObject(1, SqlTimes.of(from));
        s.setObject(2, SqlTimes.of(to));
        if (flowId.isPresent()) s.setString(3, flowId.get());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String hash = rs.getString(2);
            out.add(new TimelineMarker(rs.getObject(4, OffsetDateTime.class).toInstant(), "version",
                rs.getString(1) + " version " + rs.getInt(3) + " (" + hash.substring(0, Math.min(8, hash.length()))
                    + ")", rs.getString(1), hash));
          }
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    out.sort(Comparator.comparing(TimelineMarker::at));
    return out;
  }

  static String versions(boolean oneFlow) {
    return "SELECT flow_id, content_hash, version, first_seen_at FROM flow_versions WHERE first_seen_at >= ?"
        + " AND first_seen_at < ?" + (oneFlow ? " AND flow_id = ?" : "") + " ORDER BY first_seen_at, flow_id";
  }

  /** "Broadcast 3: Clinic day on Friday…", "Broadcast 4: arms a, b", "Broadcast 5: starts flow survey". */
  static String broadcastName(long id, JsonObject spec) {
    String flow = spec.getString("flow");
    if (flow != null) return "Broadcast " + id + ": starts flow " + flow;
    JsonObject arms = spec.getJsonObject("arms", new JsonObject());
    var names = new ArrayList<>(arms.fieldNames());
    if (names.size() == 1) {
      String text = String.valueOf(arms.getValue(names.get(0))).strip().replaceAll("\\s+", " ");
      return "Broadcast " + id + ": " + (text.length() > 40 ? text.substring(0, 39) + "…" : text);
    }
    Collections.sort(names);
    return "Broadcast " + id + ": arms " + String.join(", ", names);
  }

  /**
   * {@code head} restricted to the flow (if any), the days {@code [from, to)} of {@code dayColumn} and the channel,
   * then {@code tail}: parameters flow, from, to, channel are bound in that order, any in {@code tail} follow.
   */
  private static PreparedStatement select(Connection c, String head, String dayColumn, Optional<String> flowId,
                                          LocalDate from, LocalDate to, Optional<String> channel, String tail)
      throws SQLException {
    var s = c.prepareStatement(sql(head, dayColumn, flowId.isPresent(), channel.isPresent(), tail));
    int i = 1;
    if (flowId.isPresent()) s.setString(i++, flowId.get());
    s.setObject(i++, from);
    s.setObject(i++, to);
    if (channel.isPresent()) s.setString(i, channel.get());
    return s;
  }

  /** The statement {@link #select} prepares (TimelinePlanTest checks its plans). */
  static String sql(String head, String dayColumn, boolean oneFlow, boolean oneChannel, String tail) {
    return head + (oneFlow ? " WHERE flow_id = ? AND " : " WHERE ") + dayColumn + " >= ? AND " + dayColumn + " < ?"
        + (oneChannel ? " AND channel = ?" : " AND channel <> '" + SimulatedNumbers.CHANNEL + "'") + tail;
  }

  private static LocalDate day(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDate.class);
  }

  private StoreException failure(SQLException e) {
    return new StoreException("cannot read the timeline from " + database.location() + ": " + e.getMessage(), e);
  }
}
