package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;
import static org.kabambe.cli.CliTest.kabambe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;

/**
 * The commands that work on a stopped server's database: they refuse one held by a running server with one message,
 * and the ones that read what a server recorded refuse a missing database instead of creating an empty one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoppedServerCommandsTest {
  @TempDir Path dir;

  private String db() {
    return dir.resolve("data/kabambe").toString();
  }

  /** Every command that opens the database, as {name, args...}; {@code DB} stands for the database. */
  private List<List<String>> databaseCommands() throws IOException {
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

  private static CliTest.Run run(List<String> command, String db) {
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
    var reading = databaseCommands().stream().filter(c -> READING.contains(c.get(0))).toList();
    assertEquals(READING.size(), reading.size());
    for (var command : reading) {
      var r = run(command, db());
      assertEquals(Main.INPUT_WRONG, r.exit(), command + ": " + r.all());
      assertTrue(r.err().startsWith(command.get(0) + ": there is no database " + db() + " (no file "),
          command + ": " + r.err());
      assertFalse(r.err().contains("\tat "), r.err());
      assertFalse(Files.exists(dir.resolve("data")), command + " created " + dir.resolve("data"));
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

  /** A real H2 lock: another JVM (H2's own shell) holds the file, as a running server does. */
  @Test
  void aDatabaseHeldByAnotherProcessIsExplainedTheSameWayByEveryCommand() throws Exception {
    Database.open(db()).close();
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", "jdbc:h2:file:"
        + Path.of(db()).toAbsolutePath(), "-user", "kabambe", "-password", "").redirectErrorStream(true).start();
    try {
      awaitPrompt(holder.getInputStream());
      for (var command : databaseCommands()) {
        var r = run(command, db());
        assertEquals(Main.INPUT_WRONG, r.exit(), command + ": " + r.all());
        assertEquals(command.get(0) + ": the database " + db() + " is in use by a running server; stop it first or "
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
