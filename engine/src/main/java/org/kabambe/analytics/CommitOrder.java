package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL's reading order: by the transaction that wrote a row ({@code tx}, filled by the column's default
 * {@code pg_current_xact_id()}), then id, and only rows of transactions older than the oldest one still running
 * ({@code pg_snapshot_xmin}). Several writers commit ids out of order: a cursor on the id alone would move past a
 * lower id still uncommitted and never count it. Below the horizon no row can appear any more, so the reader never
 * moves past a row it has not seen. A long transaction holds the horizon, and the figures, back until it ends.
 *
 * <p>The cursor is {@code analytics_cursor (last_tx, last_id)}. A cursor without {@code last_tx} comes from a
 * database without transaction ids (copied from H2, or migrated to V24 with rows in it), whose rows all got the
 * copying or migrating transaction's id, in id order: it resumes at the transaction of its last row.
 */
final class CommitOrder implements TailOrder {
  @Override
  public Limit limit(Connection c) throws SQLException {
    try (var s = c.createStatement();
         var rs = s.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot()),"
             + " (SELECT COALESCE(MAX(id), 0) FROM events), (SELECT COALESCE(MAX(id), 0) FROM answers)")) {
      rs.next();
      return new Limit(Long.parseLong(rs.getString(1)), rs.getLong(2), rs.getLong(3));
    }
  }

  @Override
  public String read(String table, String columns, int max) {
    // The row comparison reads the (tx, id) index from the cursor on (CommitOrderPlanTest).
    return "SELECT tx, id, " + columns + " FROM " + table + " WHERE (tx, id) > (CAST(? AS xid8), ?)"
        + " AND tx < CAST(? AS xid8) ORDER BY tx, id FETCH FIRST " + max + " ROWS ONLY";
  }

  @Override
  public void bind(PreparedStatement s, String table, TailPosition after, Limit limit) throws SQLException {
    s.setString(1, Long.toString(after.tx()));
    s.setLong(2, after.id());
    s.setString(3, Long.toString(limit.horizon()));
  }

  @Override
  public TailPosition end(String table, TailPosition at, Limit limit) {
    return at; // a later transaction may still write a lower id: stay at the last row read
  }

  @Override
  public long behind(Limit limit, TailPosition events, TailPosition answers) {
    return Math.max(0, limit.events() - events.id()) + Math.max(0, limit.answers() - answers.id()); // ids ≈ order
  }

  @Override
  public TailPosition load(Connection c, String table) throws SQLException {
    try (var s = c.prepareStatement("SELECT last_tx, last_id FROM analytics_cursor WHERE name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return TailPosition.START;
        String tx = rs.getString(1);
        long id = rs.getLong(2);
        if (tx != null) return new TailPosition(Long.parseLong(tx), id);
        var resolved = new TailPosition(txOfRowsUpTo(c, table, id), id);
        save(c, table, resolved);
        return resolved;
      }
    }
  }

  /** The newest transaction among the rows up to {@code id}; 0 if there are none (then every row is after). */
  private static long txOfRowsUpTo(Connection c, String table, long id) throws SQLException {
    try (var s = c.prepareStatement("SELECT tx FROM " + table + " WHERE id <= ? ORDER BY tx DESC FETCH FIRST 1 ROW"
        + " ONLY")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
      }
    }
  }

  @Override
  public void save(Connection c, String table, TailPosition position) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO analytics_cursor (name, last_id, last_tx) VALUES (?, ?,"
        + " CAST(? AS xid8)) ON CONFLICT (name) DO UPDATE SET last_id = EXCLUDED.last_id, last_tx = EXCLUDED.last_tx")) {
      s.setString(1, table);
      s.setLong(2, position.id());
      s.setString(3, Long.toString(position.tx()));
      s.executeUpdate();
    }
  }

  @Override
  public void advance(Connection c, String table, TailPosition from, TailPosition to) throws SQLException {
    // Under READ COMMITTED a concurrent advance waits for the row lock, then re-checks the condition on the row
    // the other committed: exactly one of two rollups moves the cursor from a position.
    int moved;
    try (var s = c.prepareStatement("UPDATE analytics_cursor SET last_id = ?, last_tx = CAST(? AS xid8)"
        + " WHERE name = ? AND last_id = ? AND COALESCE(last_tx, CAST('0' AS xid8)) = CAST(? AS xid8)")) {
      s.setLong(1, to.id());
      s.setString(2, Long.toString(to.tx()));
      s.setString(3, table);
      s.setLong(4, from.id());
      s.setString(5, Long.toString(from.tx()));
      moved = s.executeUpdate();
    }
    if (moved == 0 && from.equals(TailPosition.START)) { // no cursor yet: the first to insert it wins
      try (var s = c.prepareStatement("INSERT INTO analytics_cursor (name, last_id, last_tx) VALUES (?, ?,"
          + " CAST(? AS xid8)) ON CONFLICT (name) DO NOTHING")) {
        s.setString(1, table);
        s.setLong(2, to.id());
        s.setString(3, Long.toString(to.tx()));
        moved = s.executeUpdate();
      }
    }
    if (moved != 1) {
      throw new SQLException("the figures' cursor on " + table + " was moved by another node's rollup meanwhile;"
          + " this batch is not counted here");
    }
  }

  @Override
  public String counted(String table) {
    // No cursor, or one not yet resolved (see above): nothing counts as counted, which errs on the safe side.
    return "(tx, id) <= (COALESCE((SELECT last_tx FROM analytics_cursor WHERE name = '" + table + "'), '0'),"
        + " COALESCE((SELECT last_id FROM analytics_cursor WHERE name = '" + table + "'), 0))";
  }
}
