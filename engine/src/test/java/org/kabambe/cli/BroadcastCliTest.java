package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;
import static org.kabambe.cli.CliTest.kabambe;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;

/** {@code kabambe broadcast} on the demo seeds: dry run figures, then a recorded broadcast. */
class BroadcastCliTest {
  @TempDir Path dir;

  @Test
  void dryRunThenRecord() throws Exception {
    String db = dir.resolve("db/kabambe").toString();
    var seeded = kabambe("seed", "--db", db, "--flows", DEMO_FLOWS.toString(), "--seeds",
        DEMO_FLOWS.resolveSibling("seeds").toString());
    assertEquals(Main.OK, seeded.exit(), seeded.all());
    var dry = kabambe("broadcast", "--db", db, "--flows", DEMO_FLOWS.toString(), "--text",
        "Training Monday, {{ contact.district }} team.", "--to", "groups: health-workers", "--where",
        "contact.district == \"south\"", "--dry-run");
    assertEquals(Main.OK, dry.exit(), dry.all());
    assertTrue(dry.out().contains("recipients: 4"), dry.all());
    assertTrue(dry.out().contains("total SMS segments: 4"), dry.all());
    var typo = kabambe("broadcast", "--db", db, "--flows", DEMO_FLOWS.toString(), "--text", "Hi",
        "--where", "contact.distrct == \"south\"", "--dry-run");
    assertEquals(Main.INPUT_WRONG, typo.exit(), typo.all());
    var sent = kabambe("broadcast", "--db", db, "--flows", DEMO_FLOWS.toString(), "--arms", "a:Hello,b:Hi there",
        "--sample", "10", "--seed", "3");
    assertEquals(Main.OK, sent.exit(), sent.all());
    assertTrue(sent.out().contains("recipients: 10"), sent.all());
    assertTrue(sent.out().contains("broadcast 1 recorded"), sent.all());
    try (var d = Database.open(db); var c = d.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT status FROM broadcasts WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals("scheduled", rs.getString(1));
    }
  }
}
