package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;
import static org.kabambe.cli.CliTest.kabambe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.TestDatabases;

/**
 * The commands that work on a stopped server's database: the ones that read what a server recorded refuse a missing
 * database instead of creating an empty one, on H2 and PostgreSQL alike ({@link StoppedServerCommandsH2Test}: a file
 * held by a running server).
 */
@Tag("database")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoppedServerCommandsTest {
  @TempDir Path dir;

  private String db;

  /** A database of this test (made on first use): an H2 file under dir/data, or a new PostgreSQL database. */
  private String db() {
    if (db == null) db = TestDatabases.location(dir.resolve("data"));
    return db;
  }

  /**
   * Where no database is: a missing H2 file; on PostgreSQL a database without Kabambe's schema and a database the
   * server does not have.
   */
  private List<String> missing() {
    if (!TestDatabases.postgres()) return List.of(dir.resolve("data/kabambe").toString());
    var server = PostgresServer.shared();
    return List.of(server.newEmptyDatabase(), server.url("kabambe_none_" + System.nanoTime()));
  }

  /** Every command that opens the database, as {name, args...}. */
  static List<List<String>> databaseCommands(Path dir) throws IOException {
    Path csv = Files.writeString(dir.resolve("c.csv"), "phone\n0712000111\n");
    String flows = DEMO_FLOWS.toString();
    String seeds = DEMO_FLOWS.resolveSibling("seeds").toString();
    return List.of(
        List.of("kabambe token create", "token", "create", "--role", "viewer"),
        List.of("kabambe token list", "token", "list"),
        List.of("kabambe token revoke", "token", "revoke", "1"),
        List.of("kabambe export results", "export", "results", "vaccine-confidence", "--flows", flows),
        List.of("kabambe contacts import", "contacts", "import", csv.toString(), "--flows", flows, "--region", "KE"),
        List.of("kabambe contacts export", "contacts", "export", "--flows", flows),
        List.of("kabambe seed", "seed", "--flows", flows, "--seeds", seeds),
        List.of("kabambe broadcast", "broadcast", "--text", "hi", "--dry-run", "--flows", flows),
        List.of("kabambe broadcast list", "broadcast", "list"),
        List.of("kabambe broadcast cancel", "broadcast", "cancel", "1"));
  }

  static CliTest.Run run(List<String> command, String db) {
    List<String> args = new ArrayList<>(command.subList(1, command.size()));
    args.addAll(List.of("--db", db));
    return kabambe(args.toArray(String[]::new));
  }

  /** The commands that read or change what a server recorded: they must not create a database. */
  private static final List<String> READING = List.of("kabambe token list", "kabambe token revoke",
      "kabambe export results", "kabambe contacts export", "kabambe broadcast", "kabambe broadcast list",
      "kabambe broadcast cancel");

  @Test
  void commandsThatReadRefuseAMissingDatabaseAndCreateNone() throws IOException {
    var reading = databaseCommands(dir).stream().filter(c -> READING.contains(c.get(0))).toList();
    assertEquals(READING.size(), reading.size());
    for (String missing : missing()) {
      for (var command : reading) {
        var r = run(command, missing);
        assertEquals(Main.INPUT_WRONG, r.exit(), command + ": " + r.all());
        assertTrue(r.err().startsWith(command.get(0) + ": there is no database " + missing + " ("),
            command + ": " + r.err());
        assertTrue(r.err().contains("give the --db of the server whose data you mean"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("data")), command + " created " + dir.resolve("data"));
        if (TestDatabases.postgres()) assertNoTables(missing, command);
      }
    }
  }

  private static void assertNoTables(String url, List<String> command) {
    try (var c = DriverManager.getConnection(url); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      assertEquals(0, rs.getInt(1), command + " created tables in " + url);
    } catch (SQLException e) {
      assertEquals("3D000", e.getSQLState(), command + " created database " + url + "? " + e); // none: good
    }
  }

  @Test
  void anExportOfAFlowThatDoesNotExistFails() {
    Database.open(db()).close();
    var r = kabambe("export", "results", "nosuch", "--db", db(), "--flows", DEMO_FLOWS.toString());
    assertEquals(Main.INPUT_WRONG, r.exit(), r.all());
    assertTrue(r.err().startsWith("kabambe export results: there is no flow 'nosuch': no answers to it in " + db()
        + " and no such flow in " + DEMO_FLOWS + " (flows: "), r.err());
    assertTrue(r.err().contains("vaccine-confidence"), r.err());
    assertEquals("", r.out());

    // A flow of the folder with no answers yet is a header-only export, not an error.
    Path csv = dir.resolve("out.csv");
    var empty = kabambe("export", "results", "vaccine-confidence", "--db", db(), "--flows", DEMO_FLOWS.toString(),
        "--out", csv.toString());
    assertEquals(Main.OK, empty.exit(), empty.all());
    assertTrue(empty.err().contains("0 rows of vaccine-confidence exported"), empty.all());
  }
}
