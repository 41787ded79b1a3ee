package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.kabambe.events.EventType;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Reads the figures from the rollup's per-day tables (never from the raw hop tables, whose size grows with every
 * hop), so a flow's figures cost about the same at a thousand or a million events. Without a channel the
 * simulator's traffic is left out ({@link SimulatedNumbers}); {@code channel=sim} shows it alone.
 * Blocking JDBC: call it on a worker thread.
 */
public final class Figures {
  private final Database database;

  public Figures(Database database) {
    this.database = database;
  }

  /** Reach and engagement; {@code questionNodes} are the flow's menus and questions (for the SMS reply rate). */
  public FlowFigures flow(String flowId, Period p, Collection<String> questionNodes) {
    try (var c = database.connection()) {
      long[] runs = new long[6];
      try (var s = select(c, "SELECT COALESCE(SUM(runs), 0), COALESCE(SUM(completed), 0),"
          + " COALESCE(SUM(left_count), 0), COALESCE(SUM(open_count), 0), COALESCE(SUM(new_in_flow), 0),"
          + " COALESCE(SUM(new_on_channel), 0) FROM run_daily", flowId, p); var rs = s.executeQuery()) {
        rs.next();
        for (int i = 0; i < runs.length; i++) runs[i] = rs.getLong(i + 1);
      }
      long participants = p.channel().isPresent() ? runs[5] : runs[4];
      if (!fromFirstDay(c, flowId, p)) participants = distinctParticipants(c, flowId, p);
      var events = new LinkedHashMap<String, Long>();
      try (var s = select(c, "SELECT type, SUM(n) FROM event_daily", flowId, p, " GROUP BY type ORDER BY type");
           var rs = s.executeQuery()) {
        while (rs.next()) events.put(rs.getString(1), rs.getLong(2));
      }
      long smsQuestions = 0;
      long smsReplies = 0;
      if (p.channel().map("sms"::equals).orElse(true)) {
        var sms = new Period(p.from(), p.to(), Optional.of("sms"));
        smsQuestions = smsQuestions(c, flowId, sms, questionNodes);
        try (var s = select(c, "SELECT COALESCE(SUM(n), 0) FROM answer_daily", flowId, sms);
             var rs = s.executeQuery()) {
          rs.next();
          smsReplies = rs.getLong(1);
        }
      }
      return new FlowFigures(flowId, p, participants, runs[0], events.getOrDefault(EventType.SESSION_STARTED.storedName(), 0L), runs[1],
          runs[2], runs[3], medianSeconds(c, flowId, p), events, smsQuestions, smsReplies, messages(c, p));
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Per node: runs that reached it and runs that left there. Nodes nobody reached are absent. */
  public List<FunnelStep> funnel(String flowId, Period p) {
    return funnel(flowId, p, Optional.empty());
  }

  /** The same, of the runs that started on one version (content hash) of the flow only, if given. */
  public List<FunnelStep> funnel(String flowId, Period p, Optional<String> version) {
    try (var c = database.connection(); var s = bound(c, funnelSql(p, version.isPresent()), flowId, p)) {
      if (version.isPresent()) s.setString(next(p), version.get());
      try (var rs = s.executeQuery()) {
        var out = new ArrayList<FunnelStep>();
        while (rs.next()) out.add(new FunnelStep(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        return out;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The funnel's SQL: a version's steps are kept apart, keyed by flow and hash first (the plan test reads it). */
  static String funnelSql(Period p, boolean byVersion) {
    return byVersion
        ? daily("SELECT node_id, SUM(reached), SUM(left_count) FROM funnel_version_daily", p,
            " AND flow_hash = ? GROUP BY node_id")
        : daily("SELECT node_id, SUM(reached), SUM(left_count) FROM funnel_daily", p, " GROUP BY node_id");
  }

  /** Runs that started on one version of the flow in the period (a version's funnel's base). */
  public long versionRuns(String flowId, Period p, String version) {
    try (var c = database.connection(); var s = bound(c, versionRunsSql(p), flowId, p)) {
      s.setString(next(p), version);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Summed from the rollup's per-version days (run_version_daily), not counted over runs. */
  static String versionRunsSql(Period p) {
    return "SELECT COALESCE(SUM(runs), 0) FROM run_version_daily WHERE flow_id = ? AND on_day >= ? AND on_day < ?"
        + channel(p) + " AND flow_hash = ?";
  }

  /**
   * Final answers (one per run and question) per question and value, split by {@code by}; ordered by question,
   * then most frequent first. Split by a contact field, answers from contacts without a value are the group "".
   */
  public List<AnswerCount> results(String flowId, Period p, Breakdown by) {
    try (var c = database.connection()) {
      if (!by.contactField()) return answerCounts(c, flowId, p, by);
      return byField(c, flowId, p, by.label());
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Runs, participants and completions per arm of the flow's random splits ("" = runs never assigned one). A
   * participant counts in an arm once assigned it, and in "" once a run of theirs ended or dropped without one.
   */
  public List<ArmFigures> arms(String flowId, Period p) {
    try (var c = database.connection()) {
      var out = new ArrayList<ArmFigures>();
      try (var s = select(c, "SELECT arm, SUM(runs), SUM(" + (p.channel().isPresent() ? "new_in_arm_on_channel"
          : "new_in_arm") + "), SUM(completed) FROM run_daily", flowId, p, " GROUP BY arm HAVING SUM(runs) > 0"
          + " ORDER BY arm"); var rs = s.executeQuery()) {
        while (rs.next()) out.add(new ArmFigures(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
      if (fromFirstDay(c, flowId, p)) return out;
      Map<String, Long> distinct = new HashMap<>();
      try (var s = selectRuns(c, "SELECT arm, COUNT(DISTINCT phone) FROM flow_runs", flowId, p,
          " AND (arm <> '' OR status <> 'open') GROUP BY arm"); var rs = s.executeQuery()) {
        while (rs.next()) distinct.put(rs.getString(1), rs.getLong(2));
      }
      return out.stream().map(a -> new ArmFigures(a.arm(), a.runs(), distinct.getOrDefault(a.arm(), 0L),
          a.completed())).toList();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** How many participants are in a segment ({@code n}: flows completed, for COMPLETED_AT_LEAST). */
  public long segmentSize(Segment segment, Period p, int n) {
    try (var c = database.connection();
         var s = segmentStatement(c, "SELECT COUNT(*) FROM (" + segment.sql() + ") x", segment, p, n);
         var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Streams the segment's numbers (raw: pseudonymise before they leave the engine). */
  public void segmentPhones(Segment segment, Period p, int n, Consumer<String> phone) {
    try (var c = database.connection()) {
      c.setAutoCommit(false); // a cursor, not the whole result in memory (PostgreSQL streams only in a transaction)
      try (var s = segmentStatement(c, segment.sql() + " ORDER BY phone", segment, p, n)) {
        s.setFetchSize(1_000);
        try (var rs = s.executeQuery()) {
          while (rs.next()) phone.accept(rs.getString(1));
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static PreparedStatement segmentStatement(Connection c, String sql, Segment segment, Period p, int n)
      throws SQLException {
    var s = c.prepareStatement(sql);
    s.setObject(1, p.from());
    s.setObject(2, p.to());
    if (segment == Segment.COMPLETED_AT_LEAST) s.setInt(3, n);
    return s;
  }

  private static List<AnswerCount> answerCounts(Connection c, String flowId, Period p, Breakdown by)
      throws SQLException {
    String group = by.column();
    try (var s = select(c, "SELECT node_id, name, answer, " + group + ", SUM(n) FROM answer_daily", flowId, p,
        " GROUP BY node_id, name, answer" + (by.equals(Breakdown.NONE) ? "" : ", " + group)
            + " HAVING SUM(n) <> 0 ORDER BY node_id, name, SUM(n) DESC, answer"); var rs = s.executeQuery()) {
      var out = new ArrayList<AnswerCount>();
      while (rs.next()) {
        out.add(new AnswerCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
      }
      return out;
    }
  }

  /** Counts per field value, plus the answers of contacts without one (the totals' remainder) as group "". */
  private static List<AnswerCount> byField(Connection c, String flowId, Period p, String field) throws SQLException {
    Map<String, Long> withoutValue = new LinkedHashMap<>();
    for (AnswerCount a : answerCounts(c, flowId, p, Breakdown.NONE)) withoutValue.put(cell(a), a.count());
    var out = new ArrayList<AnswerCount>();
    try (var s = select(c, "SELECT node_id, name, answer, field_value, SUM(n) FROM answer_field_daily", flowId, p,
        " AND field = ? GROUP BY node_id, name, answer, field_value HAVING SUM(n) <> 0"
            + " ORDER BY node_id, name, SUM(n) DESC, answer, field_value")) {
      s.setString(next(p), field);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          var a = new AnswerCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
          out.add(a);
          withoutValue.merge(cell(a), -a.count(), Long::sum);
        }
      }
    }
    withoutValue.forEach((cell, n) -> {
      if (n == 0) return;
      String[] k = cell.split("\n", 3);
      out.add(new AnswerCount(k[0], k[1], k[2], "", n));
    });
    out.sort(Comparator.comparing(AnswerCount::nodeId).thenComparing(AnswerCount::name)
        .thenComparing(AnswerCount::value).thenComparing(AnswerCount::group));
    return out;
  }

  private static String cell(AnswerCount a) {
    return a.nodeId() + "\n" + a.name() + "\n" + a.value();
  }

  /** Whether the period starts no later than the flow's first run (on its channel): then sums count people. */
  private static boolean fromFirstDay(Connection c, String flowId, Period p) throws SQLException {
    try (var s = c.prepareStatement("SELECT MIN(on_day) FROM run_daily WHERE flow_id = ?" + channel(p))) {
      s.setString(1, flowId);
      if (p.channel().isPresent()) s.setString(2, p.channel().get());
      try (var rs = s.executeQuery()) {
        rs.next();
        LocalDate first = rs.getObject(1, LocalDate.class);
        return first == null || !p.from().isAfter(first);
      }
    }
  }

  /**
   * Participants of a period that starts after the flow's first day: someone first counted earlier may be back,
   * and the per-day sums cannot tell, so this one counts distinct numbers over the period's runs.
   */
  private static long distinctParticipants(Connection c, String flowId, Period p) throws SQLException {
    try (var s = selectRuns(c, "SELECT COUNT(DISTINCT phone) FROM flow_runs", flowId, p, "");
         var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static OptionalDouble medianSeconds(Connection c, String flowId, Period p) throws SQLException {
    var histogram = new TreeMap<Integer, Long>();
    try (var s = select(c, "SELECT seconds, SUM(n) FROM duration_daily", flowId, p, " GROUP BY seconds");
         var rs = s.executeQuery()) {
      while (rs.next()) if (rs.getLong(2) > 0) histogram.put(rs.getInt(1), rs.getLong(2));
    }
    return Durations.median(histogram);
  }

  private static long smsQuestions(Connection c, String flowId, Period sms, Collection<String> questionNodes)
      throws SQLException {
    if (questionNodes.isEmpty()) return 0;
    var nodes = new ArrayList<>(questionNodes);
    try (var s = select(c, "SELECT COALESCE(SUM(reached), 0) FROM funnel_daily", flowId, sms, " AND node_id IN ("
        + String.join(",", Collections.nCopies(nodes.size(), "?")) + ")")) {
      for (int i = 0; i < nodes.size(); i++) s.setString(5 + i, nodes.get(i));
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** SMS created in the period by status (whole deployment; the channel filter does not apply). */
  private static Map<String, Long> messages(Connection c, Period p) throws SQLException {
    var out = new LinkedHashMap<String, Long>();
    for (String status : List.of("queued", "submitting", "submitted", "delivered", "failed", "expired")) {
      out.put(status, 0L);
    }
    try (var s = c.prepareStatement("SELECT status, COUNT(*) FROM outbox WHERE created_at >= ? AND created_at < ?"
        + " GROUP BY status")) {
      s.setObject(1, SqlTimes.of(p.from().atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC)));
      s.setObject(2, SqlTimes.of(p.to().atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC)));
      try (var rs = s.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** Without a channel, everything but the simulator; with one, that channel only. */
  static String channel(Period p) {
    return p.channel().isPresent() ? " AND channel = ?" : " AND channel <> '" + SimulatedNumbers.CHANNEL + "'";
  }

  /**
   * {@code head} (a select from a daily table) restricted to the flow, the period's days and channel, then
   * {@code tail}; parameters 1-3 (and 4, a channel) are bound, any in {@code tail} follow.
   */
  private static PreparedStatement select(Connection c, String head, String flowId, Period p, String tail)
      throws SQLException {
    return bound(c, daily(head, p, tail), flowId, p);
  }

  /** The SQL of {@link #select}: also what the plan test explains on both databases. */
  static String daily(String head, Period p, String tail) {
    return head + " WHERE flow_id = ? AND on_day >= ? AND on_day < ?" + channel(p) + tail;
  }

  private static PreparedStatement select(Connection c, String head, String flowId, Period p) throws SQLException {
    return select(c, head, flowId, p, "");
  }

  /** The same over {@code flow_runs}, whose runs count under the day they started. */
  private static PreparedStatement selectRuns(Connection c, String head, String flowId, Period p, String tail)
      throws SQLException {
    return bound(c, runs(head, p, tail), flowId, p);
  }

  /** The SQL of {@link #selectRuns}. */
  static String runs(String head, Period p, String tail) {
    return head + " WHERE flow_id = ? AND start_day >= ? AND start_day < ?" + channel(p) + tail;
  }

  /** {@code sql} with the flow, the period and its channel bound (parameters 1-3 or 1-4; see {@link #next}). */
  static PreparedStatement bound(Connection c, String sql, String flowId, Period p) throws SQLException {
    var s = c.prepareStatement(sql);
    s.setString(1, flowId);
    s.setObject(2, p.from());
    s.setObject(3, p.to());
    if (p.channel().isPresent()) s.setString(4, p.channel().get());
    return s;
  }

  /** The first parameter after those {@link #bound} binds. */
  static int next(Period p) {
    return p.channel().isPresent() ? 5 : 4;
  }

  private StoreException failure(SQLException e) {
    return new StoreException("cannot read figures from " + database.location() + ": " + e.getMessage(), e);
  }
}
