package org.kabambe.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads back what hops wrote (answers, events, queued SMS), oldest first: for tests, exports and the simulator.
 * Blocking JDBC: call it on a worker thread.
 */
public final class HopHistory {
  private final Database database;

  public HopHistory(Database database) {
    this.database = database;
  }

  /** A participant's answers across all their sessions. */
  public List<AnswerRow> answersOf(String phone) {
    return query("SELECT session_id, phone, channel, flow_id, flow_hash, node_id, name, value_text, value_number, at"
        + " FROM answers WHERE phone = ? ORDER BY id", phone, HopHistory::answer);
  }

  /** A participant's events. */
  public List<EventRow> eventsOf(String phone) {
    return query("SELECT at, type, phone, channel, flow_id, flow_hash, node_id, detail FROM events WHERE phone = ?"
        + " ORDER BY id", phone, HopHistory::event);
  }

  /** A flow's events in {@code [from, to)}. */
  public List<EventRow> eventsOfFlow(String flowId, Instant from, Instant to) {
    String sql = "SELECT at, type, phone, channel, flow_id, flow_hash, node_id, detail FROM events"
        + " WHERE flow_id = ? AND at >= ? AND at < ? ORDER BY at, id";
    try (var connection = database.connection(); var select = connection.prepareStatement(sql)) {
      select.setString(1, flowId);
      select.setObject(2, HopStatements.timestamp(from));
      select.setObject(3, HopStatements.timestamp(to));
      return rows(select, HopHistory::event);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** SMS queued for a participant (any status). */
  public List<OutboxRow> outboxOf(String phone) {
    return query("SELECT phone, text, created_at FROM outbox WHERE phone = ? ORDER BY id", phone,
        rs -> new OutboxRow(rs.getString(1), rs.getString(2), instant(rs, 3)));
  }

  /**
   * Deletes all a participant left: conversations, answers, events, queued SMS and the contact. For tools that
   * replay a participant from scratch on an in-memory database (flow tests); a server never forgets this way.
   */
  public void forget(String phone) {
    try (var connection = database.connection()) {
      connection.setAutoCommit(false);
      for (String sql : List.of("DELETE FROM outbox_parts WHERE outbox_id IN (SELECT id FROM outbox WHERE phone = ?)",
          "DELETE FROM outbox WHERE phone = ?", "DELETE FROM conversations WHERE phone = ?",
          "DELETE FROM answers WHERE phone = ?", "DELETE FROM events WHERE phone = ?",
          "DELETE FROM contacts WHERE phone = ?")) {
        try (var delete = connection.prepareStatement(sql)) {
          delete.setString(1, phone);
          delete.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Rows in one of the hop tables ({@code conversations}, {@code answers}, {@code events}, {@code outbox}). */
  public long count(String table) {
    if (!List.of("conversations", "answers", "events", "outbox").contains(table)) {
      throw new IllegalArgumentException("not a hop table: " + table);
    }
    try (var connection = database.connection(); var statement = connection.createStatement();
         var rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, String phone, RowMapper<T> mapper) {
    try (var connection = database.connection(); var select = connection.prepareStatement(sql)) {
      select.setString(1, phone);
      return rows(select, mapper);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static <T> List<T> rows(PreparedStatement select, RowMapper<T> mapper) throws SQLException {
    try (var rs = select.executeQuery()) {
      var out = new ArrayList<T>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  private StoreException failure(SQLException e) {
    return new StoreException("cannot read from " + database.location() + ": " + e.getMessage(), e);
  }

  private static AnswerRow answer(ResultSet rs) throws SQLException {
    double number = rs.getDouble(9);
    OptionalDouble value = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(number);
    return new AnswerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), value, instant(rs, 10));
  }

  private static EventRow event(ResultSet rs) throws SQLException {
    return new EventRow(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), empty(rs.getString(5)),
        empty(rs.getString(6)), empty(rs.getString(7)), empty(rs.getString(8)));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static String empty(String s) {
    return s == null ? "" : s;
  }
}
