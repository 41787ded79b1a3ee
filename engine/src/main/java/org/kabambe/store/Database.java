package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded H2 database: opened from a file path (or {@code mem:}), migrated to the current schema at
 * start-up, and handing out pooled connections. JDBC is blocking: use it on workers or the writer thread only.
 */
public final class Database implements AutoCloseable {
  /** The location that asks for a fresh in-memory database (one per {@link #open} call). */
  public static final String IN_MEMORY = "mem:";

  // H2 shares a file database between opens in one JVM instead of refusing: refuse ourselves.
  private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

  private final String location;
  private final Path file;
  private final JdbcConnectionPool pool;
  // Held for the database's lifetime: keeps H2 from closing (and unlocking) the file when the pool is idle.
  private final Connection anchor;
  private volatile boolean closed;

  private Database(String location, Path file, JdbcConnectionPool pool, Connection anchor) {
    this.location = location;
    this.file = file;
    this.pool = pool;
    this.anchor = anchor;
  }

  /**
   * Opens (creating if needed) and migrates the database at {@code location}: a file path without the
   * {@code .mv.db} suffix, e.g. {@code data/kabambe}, or {@link #IN_MEMORY}. Fails fast with a
   * {@link StoreException} naming the location when the file is in use or cannot be written.
   */
  public static Database open(String location) {
    if (location.equals(IN_MEMORY)) {
      String url = "jdbc:h2:mem:kabambe-" + UUID.randomUUID();
      return start(location, null, url);
    }
    String base = location.endsWith(".mv.db") ? location.substring(0, location.length() - ".mv.db".length())
        : location;
    Path file = Path.of(base).toAbsolutePath().normalize();
    createParent(location, file);
    if (!OPEN_FILES.add(file)) {
      throw new StoreException("database " + location + " is already open in this process");
    }
    try {
      // WRITE_DELAY=0: every commit reaches the file before commit() returns, so acknowledged hops survive a
      // process kill (the default 500 ms delay lost about a thousand commits in our measurements).
      // Known cost: WRITE_DELAY=0 also stops H2's background thread, which reclaims dead chunks, so under sustained
      // load the file grows (~5 KB a hop in a 90 s soak). Open issue: reclaim that space without losing durability.
      // DB_CLOSE_ON_EXIT=FALSE: we close in order (writer drained first) rather than H2's shutdown hook racing it.
      String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
      return start(location, file, url);
    } catch (RuntimeException e) {
      OPEN_FILES.remove(file);
      throw e;
    }
  }

  private static void createParent(String location, Path file) {
    Path dir = file.getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create database " + location + ": directory " + dir
          + " cannot be created (" + e + "); choose another --db path", e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException("cannot create database " + location + ": directory " + dir
          + " is not writable; choose another --db path or fix its permissions");
    }
  }

  private static Database start(String location, Path file, String url) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "kabambe", "");
    pool.setMaxConnections(16);
    Connection anchor;
    try {
      anchor = pool.getConnection();
    } catch (SQLException e) {
      pool.dispose();
      throw openFailure(location, e);
    }
    var db = new Database(location, file, pool, anchor);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (FlywayException e) {
      db.close();
      throw new StoreException("cannot migrate database " + location + " to the current schema: " + e.getMessage(), e);
    }
    return db;
  }

  private static StoreException openFailure(String location, SQLException e) {
    if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
      return new StoreException("database " + location + " is in use by another process (stop it, or choose "
          + "another --db path)", e);
    }
    return new StoreException("cannot open database " + location + ": " + e.getMessage(), e);
  }

  /** A pooled connection in auto-commit mode; close it to return it to the pool. */
  public Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("database " + location + " is closed");
    }
    return pool.getConnection();
  }

  public Dialect dialect() {
    return Dialect.H2;
  }

  /** The location as given to {@link #open}, for messages. */
  public String location() {
    return location;
  }

  /** Closes the database; connections still lent out stop working. Close the writer first. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (var statement = anchor.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already closed underneath us: nothing left to flush.
    } finally {
      pool.dispose();
      if (file != null) {
        OPEN_FILES.remove(file);
      }
    }
  }
}
