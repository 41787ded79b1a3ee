package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.kabambe.store.Dialect;

/**
 * H2's reading order: by id. One group-commit writer thread inserts and commits the hop tables in id order, so the
 * ids a reader sees are always a prefix and a cursor on the id never skips a row that commits later.
 */
final class IdOrder implements TailOrder {
  @Override
  public Limit limit(Connection c) throws SQLException {
    try (var s = c.createStatement();
         var rs = s.executeQuery("SELECT (SELECT COALESCE(MAX(id), 0) FROM events),"
             + " (SELECT COALESCE(MAX(id), 0) FROM answers)")) {
      rs.next();
      return new Limit(0, rs.getLong(1), rs.getLong(2));
    }
  }

  @Override
  public String read(String table, String columns, int max) {
    return "SELECT 0, id, " + columns + " FROM " + table + " WHERE id > ? AND id <= ? ORDER BY id FETCH FIRST "
        + max + " ROWS ONLY";
  }

  @Override
  public void bind(PreparedStatement s, String table, TailPosition after, Limit limit) throws SQLException {
    s.setLong(1, after.id());
    s.setLong(2, limit.of(table));
  }

  @Override
  public TailPosition end(String table, TailPosition at, Limit limit) {
    return new TailPosition(0, Math.max(at.id(), limit.of(table))); // past the ids of rolled-back hops too
  }

  @Override
  public long behind(Limit limit, TailPosition events, TailPosition answers) {
    return Math.max(0, limit.events() - events.id()) + Math.max(0, limit.answers() - answers.id());
  }

  @Override
  public TailPosition load(Connection c, String table) throws SQLException {
    try (var s = c.prepareStatement("SELECT last_id FROM analytics_cursor WHERE name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? new TailPosition(0, rs.getLong(1)) : TailPosition.START;
      }
    }
  }

  @Override
  public void save(Connection c, String table, TailPosition position) throws SQLException {
    try (var s = c.prepareStatement(Dialect.H2.upsert("analytics_cursor", List.of("name"), List.of("last_id")))) {
      s.setString(1, table);
      s.setLong(2, position.id());
      s.executeUpdate();
    }
  }

  @Override
  public String counted(String table) {
    return "id <= COALESCE((SELECT last_id FROM analytics_cursor WHERE name = '" + table + "'), 0)";
  }
}
