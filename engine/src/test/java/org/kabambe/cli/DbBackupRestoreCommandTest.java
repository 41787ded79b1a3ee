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
 * {@code kabambe db backup --db} and {@code db restore} on H2 files as an operator meets them: the round trip, and
 * the refusals (an existing database without --force, a database in use, a file that is no backup, PostgreSQL);
 * and {@code db compact}.
 * The backup of a running server under load: server.BackupUnderLoadTest.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DbBackupRestoreCommandTest {
  @TempDir Path dir;

  private String db(String name) {
    return dir.resolve(name + "/kabambe").toString();
  }

  private int nextPhone = 1000;

  private void contacts(String db, int n) throws SQLException {
    try (Database d = Database.open(db); var c = d.connection(); var st = c.createStatement()) {
      for (int i = nextPhone; i < nextPhone + n; i++) {
        st.execute("INSERT INTO contacts (phone, created_at) VALUES ('+25470000" + i + "', CURRENT_TIMESTAMP)");
      }
      nextPhone += n;
    }
  }

  private static long contactCount(String db) throws SQLException {
    try (Database d = Database.openExisting(db); var c = d.connection(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT COUNT(*) FROM contacts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aStoppedServersFileBacksUpAndRestoresIntoANewPlace() throws Exception {
    contacts(db("live"), 3);
    Path zip = dir.resolve("b.zip");
    var b = kabambe("db", "backup", "--db", db("live"), "--to", zip.toString());
    assertEquals(Main.OK, b.exit(), b.all());
    assertTrue(b.out().startsWith("backed up " + db("live") + " to " + zip), b.out());
    assertFalse(Files.exists(dir.resolve("b.zip.part")));

    var again = kabambe("db", "backup", "--db", db("live"), "--to", zip.toString());
    assertEquals(Main.INPUT_WRONG, again.exit(), again.all());
    assertTrue(again.err().contains("exists; give --force"), again.err());

    var r = kabambe("db", "restore", "--from", zip.toString(), "--db", db("new"));
    assertEquals(Main.OK, r.exit(), r.all());
    assertTrue(r.out().contains(": 3 contacts, 0 conversations, 0 answers"), r.out());
    assertTrue(r.out().contains("kabambe serve --db " + db("new")), r.out());
    assertEquals(3, contactCount(db("new")));
  }

  @Test
  void restoreReplacesADatabaseOnlyWithForceAndKeepsItAsideWithItsJournal() throws Exception {
    contacts(db("live"), 2);
    Path zip = dir.resolve("b.zip");
    assertEquals(Main.OK, kabambe("db", "backup", "--db", db("live"), "--to", zip.toString()).exit());
    contacts(db("live"), 5); // after the backup: 7 in the live file
    // A journal beside the file belongs to it: it must not be replayed into the restored one.
    Path journal = dir.resolve("live/kabambe.journal");
    Files.createDirectories(journal);
    Files.writeString(journal.resolve("00000000000000000001.hops"), "");

    var refused = kabambe("db", "restore", "--from", zip.toString(), "--db", db("live"));
    assertEquals(Main.INPUT_WRONG, refused.exit(), refused.all());
    assertTrue(refused.err().contains("exists") && refused.err().contains("--force"), refused.err());
    assertEquals(7, contactCount(db("live")));

    var forced = kabambe("db", "restore", "--from", zip.toString(), "--db", db("live"), "--force");
    assertEquals(Main.OK, forced.exit(), forced.all());
    assertEquals(2, contactCount(db("live")));
    assertFalse(Files.exists(journal), "the old journal was left beside the restored file");
    try (var files = Files.list(dir.resolve("live"))) {
      var names = files.map(p -> p.getFileName().toString()).sorted().toList();
      String aside = names.stream().filter(n -> n.matches("kabambe-before-restore-\\d{8}T\\d{6}\\.mv\\.db"))
          .findFirst().orElseThrow(() -> new AssertionError(names.toString()));
      assertTrue(forced.out().contains("kept the database it replaced aside: "), forced.out());
      assertTrue(names.contains(aside.replace(".mv.db", ".journal")), names.toString());
      assertEquals(7, contactCount(dir.resolve("live").resolve(aside).toString()));
    }
  }

  @Test
  void refusesADatabaseInUseAFileThatIsNoBackupAndPostgresql() throws Exception {
    contacts(db("live"), 1);
    Path zip = dir.resolve("b.zip");
    assertEquals(Main.OK, kabambe("db", "backup", "--db", db("live"), "--to", zip.toString()).exit());
    try (var holder = H2FileHolder.hold(db("live"))) {
      var inUse = kabambe("db", "backup", "--db", db("live"), "--to", dir.resolve("c.zip").toString());
      assertEquals(Main.INPUT_WRONG, inUse.exit(), inUse.all());
      assertTrue(inUse.err().contains("in use by a running server") && inUse.err().contains("--url"), inUse.err());
      var restore = kabambe("db", "restore", "--from", zip.toString(), "--db", db("live"), "--force");
      assertEquals(Main.INPUT_WRONG, restore.exit(), restore.all());
      assertTrue(restore.err().contains("in use by a running server; stop it"), restore.err());
    }
    Path notZip = Files.writeString(dir.resolve("notes.zip"), "not a zip");
    var bad = kabambe("db", "restore", "--from", notZip.toString(), "--db", db("other"));
    assertEquals(Main.INPUT_WRONG, bad.exit(), bad.all());
    assertTrue(bad.err().contains("holds no H2 database") || bad.err().contains("is not a zip"), bad.err());
    assertFalse(Files.exists(dir.resolve("other/kabambe.mv.db")));

    String pg = "jdbc:postgresql://127.0.0.1:1/kabambe?user=kabambe";
    var pgBackup = kabambe("db", "backup", "--db", pg, "--to", dir.resolve("d.zip").toString());
    assertEquals(Main.INPUT_WRONG, pgBackup.exit(), pgBackup.all());
    assertTrue(pgBackup.err().contains("pg_dump") && pgBackup.err().contains("docs/postgresql.md"), pgBackup.err());
    var pgRestore = kabambe("db", "restore", "--from", zip.toString(), "--db", pg);
    assertTrue(pgRestore.err().contains("pg_restore"), pgRestore.err());
  }

  @Test
  void compactShrinksAStoppedServersFileAndRefusesOneInUse() throws Exception {
    contacts(db("live"), 3);
    var r = kabambe("db", "compact", "--db", db("live"));
    assertEquals(Main.OK, r.exit(), r.all());
    assertTrue(r.out().startsWith("compacted " + db("live") + ".mv.db from ") && r.out().contains(
        ": 0 conversations (0 bytes each), 0 answers (0 bytes each)"), r.out());
    assertEquals(3, contactCount(db("live")));
    try (var holder = H2FileHolder.hold(db("live"))) {
      var inUse = kabambe("db", "compact", "--db", db("live"));
      assertEquals(Main.INPUT_WRONG, inUse.exit(), inUse.all());
      assertTrue(inUse.err().contains("in use by a running server"), inUse.err());
    }
  }
}
