package org.kabambe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kabambe.store.Database;
import org.kabambe.store.DatabaseCopy;
import org.kabambe.store.Dialect;
import org.kabambe.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kabambe db copy|backup|restore}: database maintenance. */
@Command(name = "db", description = "Database maintenance: copy, restore, compact (servers stopped), backup (also of a "
    + "running server).", subcommands = {DbCommand.Copy.class, DbBackup.class, DbRestore.class, DbCompact.class})
final class DbCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kabambe db copy --from DB --to DB}: every row of one database into a new, empty one. */
  @Command(name = "copy", description = {
      "Copy every row of a Kabambe database into a new, empty one, e.g. a pilot's H2 file into PostgreSQL (any "
          + "direction works). Stop the server of each first. The source is left as it was (migrated to this "
          + "release's schema, as every command does); the target gets this release's schema, then every table in "
          + "foreign-key order, one transaction a table, each table's row count checked against the source's. A "
          + "failed copy leaves the target empty again.",
      "Example: kabambe db copy --from data/kabambe --to 'jdbc:postgresql://127.0.0.1:5432/kabambe?user=kabambe'"})
  static final class Copy implements Callable<Integer> {
    static final String COMMAND = "kabambe db copy";
    // One connection reads or writes; a PostgreSQL pool cannot be smaller than 2.
    private static final int POOL_SIZE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DB", description = "the database to copy: an H2 file "
        + "path (e.g. data/kabambe, without .mv.db) or a PostgreSQL URL")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DB", description = "the new database: an H2 file path "
        + "(created if missing) or jdbc:postgresql://HOST:PORT/DATABASE?user=USER (created beforehand, empty). The "
        + "password comes from env KABAMBE_DB_PASSWORD or the file KABAMBE_DB_PASSWORD_FILE, for both URLs, unless "
        + "a URL carries its own &password=")
    String to;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "rows per insert batch "
        + "(default 1000)")
    int batchSize;

    @Override
    public Integer call() {
      if (batchSize < 1) {
        throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1, not " + batchSize);
      }
      if (to.equals(Database.IN_MEMORY)) {
        throw new ParameterException(spec.commandLine(), "--to " + Database.IN_MEMORY + " would be lost when the "
            + "command ends: give an H2 file path or a PostgreSQL URL");
      }
      if (sameDatabase(from, to)) {
        throw new CliException(COMMAND + ": --from and --to are the same database (" + Database.shown(from) + ")");
      }
      PrintWriter out = spec.commandLine().getOut();
      long started = System.nanoTime();
      try (Database source = CliDatabase.openExisting(COMMAND, from, POOL_SIZE);
           Database target = CliDatabase.open(COMMAND, to, POOL_SIZE)) {
        out.println("copying " + source.location() + " (" + name(source.dialect()) + ", schema version "
            + DatabaseCopy.schemaVersion(source) + ") to " + target.location() + " (" + name(target.dialect()) + ")");
        out.flush();
        List<DatabaseCopy.CopiedTable> copied = DatabaseCopy.run(source, target, batchSize, progress(out));
        long rows = copied.stream().mapToLong(DatabaseCopy.CopiedTable::rows).sum();
        out.printf(Locale.ROOT, "copied %d tables, %,d rows in %.1f s; every table's row count matches the "
            + "source's%n", copied.size(), rows, (System.nanoTime() - started) / 1e9);
        out.flush();
      } catch (StoreException e) {
        throw new CliException(COMMAND + ": " + e.getMessage());
      }
      return Main.OK;
    }

    private static DatabaseCopy.Listener progress(PrintWriter out) {
      return new DatabaseCopy.Listener() {
        @Override
        public void starting(String table, long rows) {
          // A big table takes a while: say what is under way.
          if (rows >= 100_000) {
            out.printf(Locale.ROOT, "  %-24s copying %,d rows…%n", table, rows);
            out.flush();
          }
        }

        @Override
        public void copied(DatabaseCopy.CopiedTable table) {
          out.printf(Locale.ROOT, "  %-24s %,14d %s%n", table.table(), table.rows(),
              table.rows() == 1 ? "row" : "rows");
          out.flush();
        }
      };
    }

    private static String name(Dialect dialect) {
      return switch (dialect) {
        case H2 -> "H2";
        case POSTGRESQL -> "PostgreSQL";
      };
    }

    // The same H2 file named two ways (data/kabambe, ./data/kabambe.mv.db), or the same URL.
    private static boolean sameDatabase(String a, String b) {
      if (a.equals(b)) return true;
      if (a.contains(":") || b.contains(":")) return false;
      return file(a).equals(file(b));
    }

    private static Path file(String location) {
      String base = location.endsWith(".mv.db") ? location.substring(0, location.length() - 6) : location;
      return Path.of(base).toAbsolutePath().normalize();
    }
  }
}
