package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;
import static org.kabambe.cli.CliTest.kabambe;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/** {@code kabambe broadcast} on the demo seeds: dry run figures, then a recorded broadcast. */
@Tag("database")
class BroadcastCliTest {
  @TempDir Path dir;

  @Test
  void dryRunThenRecord() throws Exception {
    String db = TestDatabases.location(dir.resolve("db"));
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

  @Test
  void dryRunCountsOnlyTheSegmentsOptedOutContacts() throws Exception {
    String db = TestDatabases.location(dir.resolve("db"));
    assertEquals(Main.OK, kabambe("seed", "--db", db, "--flows", DEMO_FLOWS.toString(), "--seeds",
        DEMO_FLOWS.resolveSibling("seeds").toString()).exit());
    // One opted-out health worker in the south; two opted-out contacts outside the segment.
    java.nio.file.Files.writeString(dir.resolve("stop.csv"), "phone,opted_out\n+447700900501,yes\n"
        + "+447700900500,yes\n+447700900502,yes\n");
    var stop = kabambe("contacts", "import", dir.resolve("stop.csv").toString(), "--db", db, "--flows",
        DEMO_FLOWS.toString());
    assertEquals(Main.OK, stop.exit(), stop.all());
    var dry = kabambe("broadcast", "--db", db, "--flows", DEMO_FLOWS.toString(), "--text", "Training Monday",
        "--to", "groups: health-workers", "--where", "contact.district == \"south\"", "--dry-run");
    assertEquals(Main.OK, dry.exit(), dry.all());
    assertTrue(dry.out().contains("recipients: 3 (opted out, excluded: 1)"), dry.all());
  }

  @Test
  void listAndCancel() throws Exception {
    String db = TestDatabases.location(dir.resolve("db"));
    assertEquals(Main.OK, kabambe("seed", "--db", db, "--flows", DEMO_FLOWS.toString(), "--seeds",
        DEMO_FLOWS.resolveSibling("seeds").toString()).exit());
    assertEquals(Main.OK, kabambe("broadcast", "--db", db, "--flows", DEMO_FLOWS.toString(), "--text",
        "Clinic closed on Friday", "--to", "groups: parents").exit());
    var list = kabambe("broadcast", "list", "--db", db);
    assertEquals(Main.OK, list.exit(), list.all());
    assertTrue(list.out().matches("(?s)1  scheduled  0/\\d+ queued, 0 segments  created \\S+ by cli  \"Clinic closed on "
        + "Friday\"\\R1 broadcast\\(s\\)\\R"), list.all());
    var cancel = kabambe("broadcast", "cancel", "1", "--db", db);
    assertEquals(Main.OK, cancel.exit(), cancel.all());
    assertEquals("broadcast 1 cancelled: 0 queued, 0 withdrawn before sending", cancel.out().strip());
    assertTrue(kabambe("broadcast", "cancel", "1", "--db", db).out().contains("already cancelled"));
    var unknown = kabambe("broadcast", "cancel", "7", "--db", db);
    assertEquals(Main.INPUT_WRONG, unknown.exit(), unknown.all());
    assertTrue(unknown.err().contains("there is no broadcast 7"), unknown.all());
    assertTrue(kabambe("broadcast", "list", "--db", db).out().startsWith("1  cancelled"));
    try (var d = Database.open(db); var c = d.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT actor, action FROM audit ORDER BY id")) {
      var rows = new java.util.ArrayList<String>();
      while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2));
      assertEquals(java.util.List.of("cli broadcast.create", "cli broadcast.cancel"), rows);
    }
  }
}
