package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;
import static org.kabambe.cli.CliTest.kabambe;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;

/** {@code kabambe contacts import} on an H2 file that a running server holds. */
class ContactsCliH2Test {
  @TempDir Path dir;

  @Test
  void aDatabaseHeldByARunningServerIsExplained() throws Exception {
    String db = dir.resolve("db/kabambe").toString();
    Path csv = Files.writeString(dir.resolve("c.csv"), "phone\n0712000111\n");
    try (var held = Database.open(db)) {
      var run = kabambe("contacts", "import", csv.toString(), "--db", db, "--flows", DEMO_FLOWS.toString(),
          "--region", "KE");
      assertEquals(Main.INPUT_WRONG, run.exit());
      assertEquals(CliDatabase.inUse("kabambe contacts import", db) + System.lineSeparator(), run.err());
    }
  }
}
