package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.TestDatabases;

/** A start that fails gives back what it took of the database, on either database (H2's own cases: the H2 test). */
@Tag("database")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseStartupTest {
  @TempDir
  Path dir;

  private static ServeOptions options(int port, String db) {
    return new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, db, Optional.empty());
  }

  /**
   * A start that fails after the database opened (the port is taken) must release it for the next try: H2's file
   * lock, or every PostgreSQL connection of its pool.
   */
  @Test
  void aFailedStartReleasesTheDatabase() throws Exception {
    String db = TestDatabases.location(dir);
    try (var taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      var e = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(RuntimeException.class, () -> KabambeServer.start(options(taken.getLocalPort(), db))));
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
    }
    if (TestDatabases.postgres()) {
      // A backend ends a moment after its client closes the socket.
      Eventually.until("the failed start's connections closed", Duration.ofSeconds(5), () -> otherSessions(db) == 0);
    }
    try (var server = KabambeServer.start(options(UssdClient.freePort(), db))) {
      assertTrue(server.port() > 0);
    }
  }

  /** Sessions on the database other than this query's own. */
  private static long otherSessions(String url) {
    try (var c = DriverManager.getConnection(url); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
             + " AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
