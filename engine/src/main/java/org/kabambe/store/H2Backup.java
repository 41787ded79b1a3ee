package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.mvstore.MVStore;

/**
 * An online, consistent copy of an H2 file database into a zip (H2's {@code BACKUP TO}), taken while the server
 * serves: it holds every transaction committed before it started, the group-commit writer's acknowledged batches
 * included.
 *
 * <p>Why that holds, in H2 2.3.232 terms. A batch is acknowledged once committed and appended to the journal; its
 * pages may still be only in memory, and the backup copies the file, not the journal. So we {@link Database#flush}
 * first: every commit made before is then in the file. {@code BACKUP TO} copies the file while H2 keeps writing
 * (new chunks at the end: it turns space reuse off), and a copy of the file at any moment opens as the last chunk
 * it holds, like a file after a kill. Chunks must not move towards the start of the file meanwhile. Our
 * {@link H2Compactor} waits while we hold {@link Database#fileMaintenance}; H2's own housekeeping moves chunks only
 * while space reuse is on: turning it off and then taking and releasing H2's store lock waits for such a move to
 * end, and none starts until reuse is back on.
 */
public final class H2Backup {
  private H2Backup() {}

  /** Why {@code database} cannot be backed up this way (PostgreSQL, in memory), or empty when it can. */
  public static Optional<String> refusal(Database database) {
    if (database.dialect() == Dialect.POSTGRESQL) {
      return Optional.of("the database " + database.location() + " is PostgreSQL: back it up with pg_dump and restore "
          + "it with pg_restore (docs/postgresql.md, \"Backup and restore\")");
    }
    if (database.mvStore() == null) {
      return Optional.of("the database is in memory (--db " + Database.IN_MEMORY + "): there is no file to back up");
    }
    return Optional.empty();
  }

  /**
   * Writes a backup of {@code database} to {@code zip} (which must not exist), returns its size in bytes. Blocking,
   * for as long as copying the file takes: on a worker, never an event loop. Hops keep being served meanwhile.
   */
  public static long write(Database database, Path zip) {
    refusal(database).ifPresent(why -> {
      throw new StoreException(why);
    });
    if (Files.exists(zip)) {
      throw new StoreException("the backup file " + zip + " exists already; choose a new name");
    }
    MVStore store = database.mvStore();
    database.fileMaintenance().lock(); // a compaction step under way ends first (it is bounded to ~50 ms)
    try {
      boolean reused = store.isSpaceReused();
      store.setReuseSpace(false);
      try {
        store.executeFilestoreOperation(() -> {}); // a chunk move under way ends before this returns
        database.flush();
        try (Connection c = database.connection(); var st = c.prepareStatement("BACKUP TO ?")) {
          st.setString(1, zip.toAbsolutePath().toString());
          st.execute();
        }
        return Files.size(zip);
      } catch (SQLException | IOException e) {
        throw new StoreException("cannot back up " + database.location() + " to " + zip + ": " + e.getMessage(), e);
      } finally {
        store.setReuseSpace(reused);
      }
    } finally {
      // Released even when the store refused the first call (closed after a full disk): held, it would keep the
      // compactor (which only tries it) from ever running again.
      database.fileMaintenance().unlock();
    }
  }
}
