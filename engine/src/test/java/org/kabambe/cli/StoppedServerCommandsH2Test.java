package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.H2FileHolder;

/** The commands that work on a stopped server's database refuse an H2 file held by a running server, all alike. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoppedServerCommandsH2Test {
  @TempDir Path dir;

  /** A real H2 lock: another JVM (H2's own shell) holds the file, as a running server does. */
  @Test
  void aDatabaseHeldByAnotherProcessIsExplainedTheSameWayByEveryCommand() throws Exception {
    String db = dir.resolve("data/kabambe").toString();
    Database.open(db).close();
    try (var holder = H2FileHolder.hold(db)) {
      for (var command : StoppedServerCommandsTest.databaseCommands(dir)) {
        var r = StoppedServerCommandsTest.run(command, db);
        assertEquals(Main.INPUT_WRONG, r.exit(), command + ": " + r.all());
        assertEquals(command.get(0) + ": the database " + db + " is in use by a running server; stop it first or "
            + "use the admin API" + System.lineSeparator(), r.err(), command.toString());
      }
    }
  }
}
