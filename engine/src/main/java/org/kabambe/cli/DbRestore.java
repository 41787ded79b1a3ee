package org.kabambe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kabambe.store.Database;
import org.kabambe.store.DatabaseCopy;
import org.kabambe.store.DatabaseInUseException;
import org.kabambe.store.H2Restore;
import org.kabambe.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kabambe db restore}: a {@code db backup} zip put in place as a stopped server's H2 database. */
@Command(name = "restore", description = {
    "Restore a backup written by kabambe db backup as the H2 database --db, with its server stopped; then start the "
        + "server on it. An existing database is only replaced with --force, and is then kept aside (with its "
        + "journal) as DB-before-restore-TIME. PostgreSQL: use pg_restore (docs/postgresql.md).",
    "Example: kabambe db restore --from kabambe.zip --db data/kabambe"})
final class DbRestore implements Callable<Integer> {
  static final String COMMAND = "kabambe db restore";

  @Spec
  CommandSpec spec;

  @Mixin
  DatabaseOption db;

  @Option(names = "--from", required = true, paramLabel = "FILE", description = "the backup zip")
  Path from;

  @Option(names = "--force", description = "replace an existing database, keeping it aside")
  boolean force;

  @Override
  public Integer call() {
    String location = db.location();
    if (location.startsWith("jdbc:postgresql:")) {
      throw new CliException(COMMAND + ": " + Database.shown(location) + " is PostgreSQL: restore a pg_dump with "
          + "pg_restore (docs/postgresql.md, \"Backup and restore\")");
    }
    if (location.equals(Database.IN_MEMORY)) {
      throw new ParameterException(spec.commandLine(), "--db " + Database.IN_MEMORY + " would be lost when the "
          + "command ends: give an H2 file path");
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      var outcome = H2Restore.run(from, location, force, Instant.now());
      outcome.keptAside().ifPresent(p -> out.println("kept the database it replaced aside: " + p));
      try (Database restored = Database.openExisting(location, 2)) {
        out.printf(Locale.ROOT, "restored %s to %s (schema version %s): %,d contacts, %,d conversations, %,d "
                + "answers%n", from, outcome.database(), DatabaseCopy.schemaVersion(restored),
            CliDatabase.rows(COMMAND, restored, "contacts"), CliDatabase.rows(COMMAND, restored, "conversations"), CliDatabase.rows(COMMAND, restored, "answers"));
      }
      out.println("start the server on it: kabambe serve --db " + location);
      out.flush();
      return Main.OK;
    } catch (DatabaseInUseException e) {
      throw new CliException(COMMAND + ": " + e.getMessage());
    } catch (StoreException e) {
      throw new CliException(COMMAND + ": " + e.getMessage());
    }
  }
}
