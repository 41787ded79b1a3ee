package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;

/** The commands that work on a stopped server's database refuse an H2 file held by a running server, all alike. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoppedServerCommandsH2Test {
  @TempDir Path dir;

  /** A real H2 lock: another JVM (H2's own shell) holds the file, as a running server does. */
  @Test
  void aDatabaseHeldByAnotherProcessIsExplainedTheSameWayByEveryCommand() throws Exception {
    String db = dir.resolve("data/kabambe").toString();
    Database.open(db).close();
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", "jdbc:h2:file:"
        + Path.of(db).toAbsolutePath(), "-user", "kabambe", "-password", "").redirectErrorStream(true).start();
    try {
      awaitPrompt(holder.getInputStream());
      for (var command : StoppedServerCommandsTest.databaseCommands(dir)) {
        var r = StoppedServerCommandsTest.run(command, db);
        assertEquals(Main.INPUT_WRONG, r.exit(), command + ": " + r.all());
        assertEquals(command.get(0) + ": the database " + db + " is in use by a running server; stop it first or "
            + "use the admin API" + System.lineSeparator(), r.err(), command.toString());
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  /** Waits until the shell has connected (it then prompts {@code sql>}). */
  private static void awaitPrompt(InputStream shell) throws IOException {
    var seen = new StringBuilder();
    int c;
    while ((c = shell.read()) >= 0) {
      seen.append((char) c);
      if (seen.indexOf("sql>") >= 0) return;
    }
    throw new AssertionError("the H2 shell ended before connecting: " + seen);
  }
}
