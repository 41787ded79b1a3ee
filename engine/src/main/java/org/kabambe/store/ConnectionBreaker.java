package org.kabambe.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses connections at once while the database server cannot be reached. Without it every caller waits the
 * pool's whole timeout for a server that is down: a few such waits fill the worker threads, and hops queue behind
 * them past a gateway's timeout. After a failure to connect, callers get an {@link SQLTransientConnectionException}
 * at once; one caller at a time, at most once every {@link #RETRY_EVERY_NANOS}, asks the pool again, and its
 * success lets everyone through.
 */
final class ConnectionBreaker {
  private static final Logger log = LoggerFactory.getLogger(ConnectionBreaker.class);
  static final long RETRY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Where connections come from (the pool). */
  interface Source {
    Connection get() throws SQLException;
  }

  private final String location;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean open;
  private volatile long retryAt;
  private volatile SQLException failure;

  ConnectionBreaker(String location) {
    this.location = location;
  }

  Connection connect(Source source) throws SQLException {
    boolean probe = false;
    if (open) {
      if (System.nanoTime() - retryAt < 0 || !probing.compareAndSet(false, true)) throw refused();
      probe = true;
    }
    try {
      Connection c = source.get();
      if (open) {
        open = false;
        log.warn("database {} can be reached again", location);
      }
      return c;
    } catch (SQLException e) {
      if (unreachable(e)) {
        failure = e;
        retryAt = System.nanoTime() + RETRY_EVERY_NANOS;
        if (!open) {
          open = true;
          log.error("database {} cannot be reached ({}); connections are refused at once and tried again at most "
              + "once a second", location, e.getMessage());
        }
      }
      throw e;
    } finally {
      if (probe) probing.set(false);
    }
  }

  private SQLTransientConnectionException refused() {
    SQLException last = failure;
    return new SQLTransientConnectionException("database " + location + " cannot be reached (" + (last == null ? ""
        : last.getMessage()) + "); trying again at most once a second", "08001", last);
  }

  // A server that refused or dropped the connection (SQLState class 08, or PostgreSQL shutting down: 57P0x), as
  // opposed to a pool that is merely busy (its timeout then carries no SQLState).
  private static boolean unreachable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }
}
