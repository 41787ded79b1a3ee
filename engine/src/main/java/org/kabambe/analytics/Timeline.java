package org.kabambe.analytics;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * A flow's figures (or the whole programme's, without a flow) period by period, for "how did participation move
 * after the campaign started?". Days read the rollup's per-day tables ({@code run_daily}, {@code duration_daily}),
 * hours its per-hour ones ({@code run_hourly}, {@code duration_hourly}): a period's distinct participants are the
 * sum of its runs that were their participant's first of that period ({@link Run#FIRST_OF_DAY}), so no view counts
 * distinct numbers over runs (with a million runs that took 0.4-1.2 s a view). Nothing here reads the hop tables
 * or {@code flow_runs}. Every period of the range is present, with zeros when nothing happened. Channels as in
 * {@link Figures}: without one the simulator is left out (a simulated number only ever runs on the simulator's
 * channel, so "first on any channel" counts each other participant once). Blocking JDBC: call it on a worker thread.
 */
public final class Timeline {
  static final String DURATIONS = "SELECT on_day, seconds, SUM(n) FROM duration_daily";
  static final String HOUR_DURATIONS = "SELECT on_hour, seconds, SUM(n) FROM duration_hourly";
  /** Sent broadcasts: a broadcast cancelled before it queued anything was never sent. */
  static final String BROADCASTS = "SELECT id, start_at, spec FROM broadcasts WHERE start_at >= ? AND start_at < ?"
      + " AND status <> 'scheduled' AND (status <> 'cancelled' OR queued > 0) ORDER BY start_at, id";

  private final Database database;

  public Timeline(Database database) {
    this.database = database;
  }

  /** Runs per period of {@code table} (run_daily, run_hourly): the participants' column fits the flow and channel. */
  static String runs(String table, String periodColumn, boolean oneFlow, boolean oneChannel) {
    String people = oneFlow ? (oneChannel ? "people_on_channel" : "people_in_flow")
        : (oneChannel ? "people_in_programme_on_channel" : "people_in_programme");
    return "SELECT " + periodColumn + ", SUM(runs), SUM(completed), SUM(left_count), SUM(" + people + ") FROM "
        + table;
  }

  /** One point per day {@code [from, to)} (UTC), labelled with its ISO date; runs count under their start day. */
  public List<TimelinePoint> days(Optional<String> flowId, LocalDate from, LocalDate to, Optional<String> channel) {
    var points = new Points<LocalDate>();
    try (var c = database.connection()) {
      points.read(c, runs("run_daily", "on_day", flowId.isPresent(), channel.isPresent()), DURATIONS, "on_day",
          flowId, from, to, channel, rs -> rs.getObject(1, LocalDate.class));
    } catch (SQLException e) {
      throw failure(e);
    }
    var out = new ArrayList<TimelinePoint>();
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) out.add(points.at(d, d.toString()));
    return out;
  }

  /**
   * One point per hour {@code [from, to)} (whole UTC hours), labelled with its ISO instant; runs count under the
   * hour they started.
   */
  public List<TimelinePoint> hours(Optional<String> flowId, Instant from, Instant to, Optional<String> channel) {
    var points = new Points<Instant>();
    try (var c = database.connection()) {
      points.read(c, runs("run_hourly", "on_hour", flowId.isPresent(), channel.isPresent()), HOUR_DURATIONS,
          "on_hour", flowId, SqlTimes.of(from), SqlTimes.of(to), channel,
          rs -> rs.getObject(1, OffsetDateTime.class).toInstant());
    } catch (SQLException e) {
      throw failure(e);
    }
    var out = new ArrayList<TimelinePoint>();
    for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) out.add(points.at(t, t.toString()));
    return out;
  }

  private interface PeriodColumn<P> {
    P read(ResultSet rs) throws SQLException;
  }

  /** The counts and time-to-complete histograms of a range's periods, as read from a runs and a durations table. */
  private static final class Points<P> {
    final Map<P, long[]> runs = new HashMap<>();
    final Map<P, TreeMap<Integer, Long>> durations = new HashMap<>();

    void read(Connection c, String runsSql, String durationsSql, String periodColumn, Optional<String> flowId,
              Object from, Object to, Optional<String> channel, PeriodColumn<P> period) throws SQLException {
      try (var s = select(c, runsSql, periodColumn, flowId, from, to, channel, " GROUP BY " + periodColumn);
           var rs = s.executeQuery()) {
        while (rs.next()) {
          runs.put(period.read(rs), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        }
      }
      try (var s = select(c, durationsSql, periodColumn, flowId, from, to, channel,
          " GROUP BY " + periodColumn + ", seconds"); var rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getLong(3) > 0) durations.computeIfAbsent(period.read(rs), d -> new TreeMap<>()).put(rs.getInt(2),
              rs.getLong(3));
        }
      }
    }

    TimelinePoint at(P period, String label) {
      long[] r = runs.getOrDefault(period, new long[4]);
      TreeMap<Integer, Long> h = durations.get(period);
      return new TimelinePoint(label, r[3], r[0], r[1], r[2], h == null ? OptionalDouble.empty()
          : Durations.median(h));
    }
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
   * {@code head} restricted to the flow (if any), the periods {@code [from, to)} of {@code dayColumn} and the channel,
   * then {@code tail}: parameters flow, from, to, channel are bound in that order, any in {@code tail} follow.
   */
  private static PreparedStatement select(Connection c, String head, String dayColumn, Optional<String> flowId,
                                          Object from, Object to, Optional<String> channel, String tail)
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

  private StoreException failure(SQLException e) {
    return new StoreException("cannot read the timeline from " + database.location() + ": " + e.getMessage(), e);
  }
}
