package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.kabambe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.H2FileHolder;

/**
 * {@code kabambe db copy} as an operator meets it on H2 files: what it prints, and how it refuses a source that is
 * missing or held by a running server, a target with data, and the same database twice. (Copies into PostgreSQL
 * and back: DatabaseCopyTest and PilotMovesDatabaseTest.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DbCopyCommandTest {
  @TempDir Path dir;

  private String db(String name) {
    return dir.resolve(name + "/kabambe").toString();
  }

  private static final String NL = System.lineSeparator();

  @Test
  void helpSaysWhatItCopiesAndHow() {
    var r = kabambe("db", "copy", "--help");
    assertEquals(Main.OK, r.exit(), r.all());
    assertTrue(r.out().startsWith("Usage: kabambe db copy [-hV] [--batch-size=N] --from=DB --to=DB"), r.out());
    assertTrue(r.out().contains("new, empty one") && r.out().contains("Stop the server"), r.out());
    assertTrue(r.out().contains("KABAMBE_DB_PASSWORD"), r.out());
    var db = kabambe("db");
    assertEquals(Main.OK, db.exit(), db.all());
    assertTrue(db.out().contains("copy") && db.out().startsWith("Usage: kabambe db "), db.out());
  }

  @Test
  void copiesAStoppedServersFileIntoANewOneTableByTable() throws SQLException {
    try (Database source = Database.open(db("pilot"))) {
      try (var c = source.connection(); var st = c.createStatement()) {
        st.execute("INSERT INTO contacts (phone, created_at) VALUES ('+254700000001', CURRENT_TIMESTAMP), "
            + "('+254700000002', CURRENT_TIMESTAMP)");
      }
    }
    var r = kabambe("db", "copy", "--from", db("pilot"), "--to", db("copy"), "--batch-size", "1");
    assertEquals(Main.OK, r.exit(), r.all());
    String[] lines = r.out().split(NL);
    assertTrue(lines[0].matches("copying " + db("pilot") + " \\(H2, schema version \\d+\\) to " + db("copy")
        + " \\(H2\\)"), lines[0]);
    assertTrue(r.out().contains(NL + "  contacts                              2 rows" + NL), r.out());
    assertTrue(r.out().contains(NL + "  answers                               0 rows" + NL), r.out());
    assertFalse(r.out().contains("flyway_schema_history") || r.out().contains("writer_journal"), r.out());
    assertTrue(lines[lines.length - 1].matches("copied \\d+ tables, 2 rows in [0-9.]+ s; every table's row count "
        + "matches the source's"), lines[lines.length - 1]);
    try (Database copy = Database.openExisting(db("copy")); var c = copy.connection(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT phone FROM contacts ORDER BY phone")) {
      assertTrue(rs.next());
      assertEquals("+254700000001", rs.getString(1));
      assertTrue(rs.next());
      assertEquals("+254700000002", rs.getString(1));
    }

    var again = kabambe("db", "copy", "--from", db("pilot"), "--to", db("copy"));
    assertEquals(Main.INPUT_WRONG, again.exit(), again.all());
    assertEquals("kabambe db copy: the target " + db("copy") + " is not empty: table contacts holds rows; db copy "
        + "only fills a new database (create an empty one, or give a new H2 file path)" + NL, again.err());
  }

  @Test
  void aMissingSourceIsRefusedAndNothingIsCreated() {
    var r = kabambe("db", "copy", "--from", db("nosuch"), "--to", db("copy"));
    assertEquals(Main.INPUT_WRONG, r.exit(), r.all());
    assertTrue(r.err().startsWith("kabambe db copy: there is no database " + db("nosuch") + " (no file "), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(dir.resolve("nosuch")), "no source created");
    assertFalse(Files.exists(dir.resolve("copy")), "no target created for a copy that cannot start");
  }

  @Test
  void theSameDatabaseTwiceAndABatchOfNothingAreRefused() {
    Database.open(db("pilot")).close();
    var same = kabambe("db", "copy", "--from", db("pilot"), "--to", dir.resolve("x/../pilot/kabambe.mv.db").toString());
    assertEquals(Main.INPUT_WRONG, same.exit(), same.all());
    assertEquals("kabambe db copy: --from and --to are the same database (" + db("pilot") + ")" + NL, same.err());

    var zero = kabambe("db", "copy", "--from", db("pilot"), "--to", db("copy"), "--batch-size", "0");
    assertEquals(Main.USAGE, zero.exit(), zero.all());
    assertTrue(zero.err().startsWith("--batch-size must be at least 1, not 0"), zero.err());

    var memory = kabambe("db", "copy", "--from", db("pilot"), "--to", "mem:");
    assertEquals(Main.USAGE, memory.exit(), memory.all());
    assertTrue(memory.err().startsWith("--to mem: would be lost when the command ends"), memory.err());
  }

  /** A real H2 lock: another JVM (H2's own shell) holds the source file, as a running server does. */
  @Test
  void aSourceHeldByARunningServerIsRefusedWithTheUsualMessage() throws Exception {
    Database.open(db("pilot")).close();
    try (var holder = H2FileHolder.hold(db("pilot"))) {
      var r = kabambe("db", "copy", "--from", db("pilot"), "--to", db("copy"));
      assertEquals(Main.INPUT_WRONG, r.exit(), r.all());
      assertEquals(CliDatabase.inUse("kabambe db copy", db("pilot")) + NL, r.err());
    }
  }
}
