package org.kabambe.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * EXPLAIN on either database, for tests that check a query that matters reads an index. H2 names the index it reads
 * in a comment ({@code /* PUBLIC.OUTBOX_DUE_ORDER ... *}{@code /}, a full scan as {@code tableScan}); PostgreSQL says
 * {@code Index Scan using outbox_due_order} (or a bitmap or index-only scan), a full scan as {@code Seq Scan}.
 */
public final class QueryPlans {
  private QueryPlans() {}

  /** The plan of {@code sql} with {@code params} bound in order, as one text (PostgreSQL's lines joined). */
  public static String plan(Connection connection, String sql, Object... params) throws SQLException {
    try (var explain = connection.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < params.length; i++) {
        explain.setObject(i + 1, params[i]);
      }
      var plan = new StringBuilder();
      try (var rs = explain.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  /**
   * The plan of {@code sql} as {@link #plan} gives it, with PostgreSQL's sequential scans priced out: a test's
   * tables are tiny and rightly scanned, so only then does the plan show whether an index serves the query.
   */
  public static String planWithoutSeqScans(Connection connection, String sql, Object... params)
      throws SQLException {
    if (!TestDatabases.postgres()) {
      return plan(connection, sql, params);
    }
    try (var statement = connection.createStatement()) {
      statement.execute("SET enable_seqscan = off");
    }
    try {
      return plan(connection, sql, params);
    } finally {
      try (var statement = connection.createStatement()) {
        statement.execute("RESET enable_seqscan"); // the connection may go back to a pool
      }
    }
  }

  /**
   * Refreshes the planner's statistics of {@code tables}: PostgreSQL plans from them (a table never analysed looks
   * tiny, and a scan of it cheap); H2 reads its selectivity from them. No tables: every table of the database.
   */
  public static void analyze(Connection connection, String... tables) throws SQLException {
    try (var statement = connection.createStatement()) {
      if (tables.length == 0) {
        statement.execute("ANALYZE");
      }
      for (String table : tables) {
        statement.execute(TestDatabases.postgres() ? "ANALYZE " + table : "ANALYZE TABLE " + table);
      }
    }
  }

  /** Whether {@code plan} reads index {@code index} (any case). */
  public static boolean readsIndex(String plan, String index) {
    return plan.toLowerCase(Locale.ROOT).contains(index.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code plan} reads a table whole: a sequential scan on PostgreSQL, a table scan on H2. */
  public static boolean scansATable(String plan) {
    String p = plan.toLowerCase(Locale.ROOT);
    return p.contains("seq scan") || p.contains("tablescan");
  }
}
