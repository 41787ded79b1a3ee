package org.kabambe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kabambe db compact}: a stopped server's H2 file rewritten to its live data (H2's SHUTDOWN COMPACT). */
@Command(name = "compact", description = {
    "Shrink a stopped server's H2 file to its live data (H2's SHUTDOWN COMPACT): every live page is rewritten to "
        + "the start of the file and the rest cut off. A serving server compacts its file by itself; this is for a "
        + "copy, or a file to archive. Prints the size before and after, and what the file holds.",
    "Example: kabambe db compact --db data/kabambe"})
final class DbCompact implements Callable<Integer> {
  static final String COMMAND = "kabambe db compact";

  @Spec
  CommandSpec spec;

  @Mixin
  DatabaseOption db;

  @Override
  public Integer call() {
    String location = db.location();
    if (location.startsWith("jdbc:postgresql:") || location.equals(Database.IN_MEMORY)) {
      throw new CliException(COMMAND + ": only an H2 file is compacted this way (PostgreSQL: VACUUM, see "
          + "docs/postgresql.md)");
    }
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Database database = CliDatabase.openExisting(COMMAND, location, 2);
    Path file = database.h2File().orElseThrow();
    long before = size(file);
    long conversations;
    long answers;
    try {
      conversations = CliDatabase.rows(COMMAND, database, "conversations");
      answers = CliDatabase.rows(COMMAND, database, "answers");
    } finally {
      database.closeCompacted();
    }
    long after = size(file);
    out.printf(Locale.ROOT, "compacted %s from %,d to %,d bytes in %.1f s: %,d conversations (%,d bytes each), "
            + "%,d answers (%,d bytes each)%n", file, before, after, (System.nanoTime() - started) / 1e9,
        conversations, conversations == 0 ? 0 : after / conversations, answers, answers == 0 ? 0 : after / answers);
    out.flush();
    return Main.OK;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new CliException(COMMAND + ": cannot read the size of " + file + ": " + e.getMessage());
    }
  }
}
