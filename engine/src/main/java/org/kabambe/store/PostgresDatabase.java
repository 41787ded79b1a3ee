package org.kabambe.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opening a PostgreSQL server for {@link Database}: one probe connection first, so that an unreachable server, a
 * missing database, a refused login, a non-durable commit setting or (for {@link Database#openExisting}) a database
 * without Kabambe's schema is one clear {@link StoreException} naming host:port/db, then a HikariCP pool.
 */
final class PostgresDatabase {
  /**
   * The pool when nothing else is said. One connection is the group-commit writer's for good; the background jobs
   * (rollup, campaign scheduler, broadcasts, flow starts, outbox, SMS timeouts) hold one each for short turns; the
   * rest serves the API and workers, whose queries are short. Beyond a few backends per core PostgreSQL only adds
   * contention, and 12 leaves room under its default max_connections (100) for several nodes and the operator.
   */
  static final int DEFAULT_POOL_SIZE = 12;

  private PostgresDatabase() {}

  static HikariDataSource pool(PostgresUrl url, boolean existing, int poolSize) {
    if (poolSize < 2) {
      throw new StoreException("a PostgreSQL pool needs at least 2 connections (the writer and one more), not "
          + poolSize);
    }
    try (Connection probe = DriverManager.getConnection(url.redacted(), properties(url))) {
      requireDurableCommits(url, probe);
      if (existing) requireSchema(url, probe);
    } catch (SQLException e) {
      boolean noSuchDatabase = "3D000".equals(e.getSQLState());
      throw existing && noSuchDatabase ? missing(url, "no database " + url.target() + " on that server")
          : failure(url, e);
    }
    var config = new HikariConfig();
    config.setPoolName("kabambe-db");
    config.setJdbcUrl(url.redacted());
    config.setDataSourceProperties(properties(url));
    config.setMaximumPoolSize(poolSize);
    // HikariCP waits 30 s for a free connection by default: far beyond what a USSD gateway waits for a reply, and
    // it held a shutdown for as long with the server down. Fail within 5 s instead: the hop is refused and retried.
    config.setConnectionTimeout(5_000);
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw e.getCause() instanceof SQLException s ? failure(url, s)
          : new StoreException("cannot open database " + url.redacted() + ": " + url.scrub(e.getMessage()));
    }
  }

  /**
   * A connection of its own, outside the pool, for a session that must outlive any one task (the advisory locks of
   * singleton jobs: a pooled connection returned to the pool would keep them or lose them at random).
   */
  static Connection dedicated(PostgresUrl url) throws SQLException {
    return DriverManager.getConnection(url.redacted(), properties(url));
  }

  private static Properties properties(PostgresUrl url) {
    var p = new Properties();
    url.password().ifPresent(password -> p.setProperty("password", password));
    p.setProperty("ApplicationName", "kabambe");
    p.setProperty("connectTimeout", "10");
    // The writer sends each table's rows of a group commit as one JDBC batch: one multi-row INSERT instead of a
    // statement per row (a URL parameter reWriteBatchedInserts=false still wins).
    p.setProperty("reWriteBatchedInserts", "true");
    // A failed statement's message would carry its parameters and the server's DETAIL (phone numbers, answers)
    // into logs; the SQLState and the server's message say enough.
    p.setProperty("logServerErrorDetail", "false");
    return p;
  }

  // Durable before acknowledged: a reply leaves once its batch's commit returns, so that commit must be on disk.
  private static void requireDurableCommits(PostgresUrl url, Connection c) throws SQLException {
    try (var s = c.createStatement(); var rs = s.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      if (rs.getString(1).equalsIgnoreCase("off")) {
        throw new StoreException("PostgreSQL at " + url.target() + " has synchronous_commit = off: a commit could "
            + "be lost after Kabambe acknowledged it. Turn it on (ALTER DATABASE … SET synchronous_commit = on, or "
            + "in postgresql.conf)");
      }
    }
  }

  private static void requireSchema(PostgresUrl url, Connection c) throws SQLException {
    try (var s = c.createStatement();
         var rs = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw missing(url, "the PostgreSQL database " + url.target() + " holds no Kabambe data: no "
            + "flyway_schema_history table");
      }
    }
  }

  // Worded as H2's missing file is, so that a read command refuses a missing database the same way on both.
  private static StoreException missing(PostgresUrl url, String why) {
    return new StoreException("there is no database " + url.redacted() + " (" + why + "); give the --db of the "
        + "server whose data you mean");
  }

  private static StoreException failure(PostgresUrl url, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String why;
    if (state.equals("3D000")) {
      why = "the database does not exist on that server (create it: createdb -O USER DATABASE)";
    } else if (state.equals("28P01") || state.equals("28000")
        || (state.equals("08004") && String.valueOf(e.getMessage()).contains("password"))) {
      why = "the server refused the login (" + url.scrub(e.getMessage()) + "); check ?user= and the password in "
          + PostgresUrl.PASSWORD_ENV + " or " + PostgresUrl.PASSWORD_FILE_ENV;
    } else if (state.startsWith("08")) {
      why = "the server cannot be reached (" + url.scrub(e.getMessage()) + ")";
    } else {
      why = url.scrub(e.getMessage());
    }
    return new StoreException("cannot open the PostgreSQL database " + url.target() + ": " + why);
  }
}
