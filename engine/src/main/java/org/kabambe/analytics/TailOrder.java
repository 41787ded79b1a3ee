package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.kabambe.store.Dialect;

/**
 * The order in which the rollup reads a hop table ({@code events}, {@code answers}) and where it stands in it.
 * A reader may only move past rows whose writers can no longer insert anything before them: on H2 one writer
 * commits in id order ({@link IdOrder}); on PostgreSQL several writers commit out of id order, so rows are read by
 * the transaction that wrote them, up to the oldest one still running ({@link CommitOrder}).
 */
public interface TailOrder {
  /** The order for {@code dialect}. */
  static TailOrder of(Dialect dialect) {
    return switch (dialect) {
      case H2 -> new IdOrder();
      case POSTGRESQL -> new CommitOrder();
    };
  }

  /**
   * What one round may read, fixed at its start in one snapshot: rows past it are left for the next round, and
   * every event of a hop whose answer is within it is within it too (a hop writes both in one transaction).
   *
   * @param horizon PostgreSQL: the oldest transaction still running (every row of an older one is in for good)
   * @param events  the newest event id (H2's limit; on PostgreSQL only for the backlog gauge)
   * @param answers the newest answer id
   */
  record Limit(long horizon, long events, long answers) {
    long of(String table) {
      return table.equals("events") ? events : answers;
    }
  }

  /** The limit of a round starting now. */
  Limit limit(Connection c) throws SQLException;

  /**
   * A query for up to {@code max} rows of {@code table} after a position and within a limit, in reading order,
   * selecting the position ({@code tx, id}) first, then {@code columns}. Bind it with {@link #bind}.
   */
  String read(String table, String columns, int max);

  /** Binds the parameters of {@link #read}. */
  void bind(PreparedStatement s, String table, TailPosition after, Limit limit) throws SQLException;

  /** The position of a row read by {@link #read} (its first two columns). */
  default TailPosition positionOf(ResultSet rs) throws SQLException {
    return new TailPosition(Long.parseLong(rs.getString(1)), rs.getLong(2));
  }

  /** Where the reader stands once it has read {@code table} up to {@code limit}, having got to {@code at}. */
  TailPosition end(String table, TailPosition at, Limit limit);

  /** Rows written but not yet read, roughly (a gauge for operations). */
  long behind(Limit limit, TailPosition events, TailPosition answers);

  /** The positions saved in {@code analytics_cursor} for {@code table}, {@link TailPosition#START} if none. */
  TailPosition load(Connection c, String table) throws SQLException;

  /** Saves {@code position} for {@code table} in {@code analytics_cursor} (within the caller's transaction). */
  void save(Connection c, String table, TailPosition position) throws SQLException;

  /**
   * Moves {@code table}'s cursor from {@code from} to {@code to} within the caller's transaction, or throws if it
   * no longer stands at {@code from}: another rollup (a second node that still thought it led) counted those rows,
   * and counting them here as well would count them twice. One process per H2 file: a plain save there.
   */
  default void advance(Connection c, String table, TailPosition from, TailPosition to) throws SQLException {
    save(c, table, to);
  }

  /**
   * An SQL condition on a row of {@code table} (unqualified columns) that holds when the rollup has counted it:
   * only such rows may be purged or erased without losing them from the figures.
   */
  String counted(String table);
}
