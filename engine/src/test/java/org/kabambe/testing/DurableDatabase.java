package org.kabambe.testing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a kill test keeps its data, on the database this test run is about ({@link TestDatabases#postgres}): an H2
 * file in the test's folder, or a new database on a PostgreSQL server of the test's own with fsync on, since a
 * commit must survive the kill. Closing it stops that server.
 */
public final class DurableDatabase implements AutoCloseable {
  private final String location;
  private final Optional<PostgresServer> server;

  private DurableDatabase(String location, Optional<PostgresServer> server) {
    this.location = location;
    this.server = server;
  }

  /** An H2 file {@code dir/data/kabambe}, or a migrated database on a new durable PostgreSQL server. */
  public static DurableDatabase in(Path dir) {
    if (!TestDatabases.postgres()) return new DurableDatabase(dir.resolve("data/kabambe").toString(), Optional.empty());
    PostgresServer server = PostgresServer.startDurable();
    try {
      return new DurableDatabase(server.newDatabase(), Optional.of(server));
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
  }

  /** For {@code --db} and {@link org.kabambe.store.Database#open}. */
  public String location() {
    return location;
  }

  /** The PostgreSQL server holding the data; empty on H2. */
  public Optional<PostgresServer> postgres() {
    return server;
  }

  @Override
  public void close() {
    server.ifPresent(PostgresServer::stop);
  }
}
