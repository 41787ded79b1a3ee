package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Reads the figures from the rollup tables (never from the raw hop tables, whose size grows with every hop).
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
      long[] runs = new long[5];
      try (var s = prepare(c, "SELECT COUNT(*), COUNT(DISTINCT phone),"
          + " SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN status IN ('left', 'dropped') THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) FROM flow_runs WHERE flow_id = ? AND start_day >= ?"
          + " AND start_day < ?" + channel(p), flowId, p); var rs = s.executeQuery()) {
        rs.next();
        for (int i = 0; i < 5; i++) runs[i] = rs.getLong(i + 1);
      }
      OptionalDouble median = OptionalDouble.empty();
      try (var s = prepare(c, "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) FROM flow_runs"
          + " WHERE flow_id = ? AND start_day >= ? AND start_day < ?" + channel(p) + " AND status = 'completed'",
          flowId, p); var rs = s.executeQuery()) {
        if (rs.next()) {
          double ms = rs.getDouble(1);
          if (!rs.wasNull()) median = OptionalDouble.of(ms / 1000.0);
        }
      }
      var events = new LinkedHashMap<String, Long>();
      try (var s = prepare(c, "SELECT type, SUM(n) FROM event_daily WHERE flow_id = ? AND on_day >= ? AND on_day < ?"
          + channel(p) + " GROUP BY type ORDER BY type", flowId, p); var rs = s.executeQuery()) {
        while (rs.next()) events.put(rs.getString(1), rs.getLong(2));
      }
      long smsQuestions = 0;
      long smsReplies = 0;
      if (p.channel().map("sms"::equals).orElse(true)) {
        smsQuestions = smsQuestions(c, flowId, p, questionNodes);
        try (var s = prepareWithoutChannel(c, "SELECT COALESCE(SUM(n), 0) FROM answer_daily WHERE flow_id = ?"
            + " AND on_day >= ? AND on_day < ? AND channel = 'sms'", flowId, p); var rs = s.executeQuery()) {
          rs.next();
          smsReplies = rs.getLong(1);
        }
      }
      return new FlowFigures(flowId, p, runs[1], runs[0], events.getOrDefault("session_started", 0L), runs[2],
          runs[3], runs[4], median, events, smsQuestions, smsReplies, messages(c, p));
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Per node: runs that reached it and runs that left there. Nodes nobody reached are absent. */
  public List<FunnelStep> funnel(String flowId, Period p) {
    try (var c = database.connection(); var s = prepare(c, "SELECT node_id, SUM(reached), SUM(left_count)"
        + " FROM funnel_daily WHERE flow_id = ? AND on_day >= ? AND on_day < ?" + channel(p) + " GROUP BY node_id", flowId,
        p); var rs = s.executeQuery()) {
      var out = new ArrayList<FunnelStep>();
      while (rs.next()) out.add(new FunnelStep(rs.getString(1), rs.getLong(2), rs.getLong(3)));
      return out;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Answer counts per question and value, split by {@code by}; ordered by question, then most frequent first. */
  public List<AnswerCount> results(String flowId, Period p, Breakdown by) {
    String sql = "SELECT node_id, name, answer, " + by.column + ", SUM(n) FROM answer_daily WHERE flow_id = ?"
        + " AND on_day >= ? AND on_day < ?" + channel(p) + " GROUP BY node_id, name, answer, " + by.column
        + " ORDER BY node_id, name, SUM(n) DESC, answer";
    if (by == Breakdown.NONE) {
      sql = "SELECT node_id, name, answer, '', SUM(n) FROM answer_daily WHERE flow_id = ? AND on_day >= ? AND on_day < ?"
          + channel(p) + " GROUP BY node_id, name, answer ORDER BY node_id, name, SUM(n) DESC, answer";
    }
    try (var c = database.connection(); var s = prepare(c, sql, flowId, p); var rs = s.executeQuery()) {
      var out = new ArrayList<AnswerCount>();
      while (rs.next()) {
        out.add(new AnswerCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
      }
      return out;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Runs, participants and completions per arm of the flow's random splits ("" = runs never assigned one). */
  public List<ArmFigures> arms(String flowId, Period p) {
    try (var c = database.connection(); var s = prepare(c, "SELECT arm, COUNT(*), COUNT(DISTINCT phone),"
        + " SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) FROM flow_runs WHERE flow_id = ? AND start_day >= ?"
        + " AND start_day < ?" + channel(p) + " GROUP BY arm ORDER BY arm", flowId, p); var rs = s.executeQuery()) {
      var out = new ArrayList<ArmFigures>();
      while (rs.next()) out.add(new ArmFigures(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      return out;
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

  private long smsQuestions(Connection c, String flowId, Period p, Collection<String> questionNodes)
      throws SQLException {
    if (questionNodes.isEmpty()) return 0;
    var nodes = new ArrayList<>(questionNodes);
    String sql = "SELECT COALESCE(SUM(reached), 0) FROM funnel_daily WHERE flow_id = ? AND on_day >= ? AND on_day < ?"
        + " AND channel = 'sms' AND node_id IN (" + String.join(",", java.util.Collections.nCopies(nodes.size(), "?"))
        + ")";
    try (var s = prepareWithoutChannel(c, sql, flowId, p)) {
      for (int i = 0; i < nodes.size(); i++) s.setString(4 + i, nodes.get(i));
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

  private static String channel(Period p) {
    return p.channel().isPresent() ? " AND channel = ?" : "";
  }

  private static PreparedStatement prepare(Connection c, String sql, String flowId, Period p) throws SQLException {
    var s = prepareWithoutChannel(c, sql, flowId, p);
    if (p.channel().isPresent()) s.setString(4, p.channel().get());
    return s;
  }

  private static PreparedStatement prepareWithoutChannel(Connection c, String sql, String flowId, Period p)
      throws SQLException {
    var s = c.prepareStatement(sql);
    s.setString(1, flowId);
    s.setObject(2, p.from());
    s.setObject(3, p.to());
    return s;
  }

  private StoreException failure(SQLException e) {
    return new StoreException("cannot read figures from " + database.location() + ": " + e.getMessage(), e);
  }
}
