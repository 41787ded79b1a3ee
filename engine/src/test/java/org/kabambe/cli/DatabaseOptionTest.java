package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.DatabaseSettings;
import org.kabambe.server.DeploymentConfig;
import picocli.CommandLine;

/** {@code --db}: one option on every command that opens a database, resolved in one place. */
class DatabaseOptionTest {
  @TempDir Path dir;

  @Test
  void theOptionWinsThenTheConfigFileThenTheDefault() {
    var option = new DatabaseOption();
    assertEquals("data/kabambe", option.location());
    assertEquals("from/config", option.location(Optional.of("from/config")));
    option.db = "jdbc:postgresql://db:5432/kabambe?user=k";
    assertEquals(option.db, option.location(Optional.of("from/config")));
  }

  @Test
  void everyCommandWithADatabaseSaysItTakesAPostgresqlUrl() {
    List<String> withDb = new ArrayList<>();
    walk(new CommandLine(new Main(new StringReader(""))), withDb);
    assertTrue(withDb.containsAll(List.of("serve", "seed", "contacts import", "contacts export", "token create",
        "token list", "token revoke", "export results", "broadcast", "broadcast list", "broadcast cancel")),
        withDb.toString());
  }

  private static void walk(CommandLine line, List<String> withDb) {
    var db = line.getCommandSpec().findOption("--db");
    if (db != null) {
      String help = String.join(" ", db.description());
      assertTrue(help.contains("jdbc:postgresql://HOST:PORT/DATABASE?user=USER") && help.contains("H2 file path")
          && help.contains("KABAMBE_DB_PASSWORD"), line.getCommandSpec().qualifiedName() + ": " + help);
      withDb.add(line.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+ ", ""));
    }
    line.getSubcommands().values().forEach(sub -> walk(sub, withDb));
  }

  @Test
  void serveTakesTheDatabaseFromTheConfigFileWhenNeitherOptionNorEnvironmentSays() throws Exception {
    Assumptions.assumeTrue(System.getenv("KABAMBE_DB") == null, "KABAMBE_DB is set in this environment");
    Path file = dir.resolve("from-config/kabambe");
    Path config = Files.writeString(dir.resolve("kabambe.yaml"), "database:\n  url: " + file + "\n  pool_size: 4\n");
    assertEquals(new DatabaseSettings(Optional.of(file.toString()), Optional.of(4)),
        DeploymentConfig.read(config).database());
    var out = new StringWriter();
    var cl = new CommandLine(new Main(new StringReader("")));
    cl.setOut(new PrintWriter(out, true));
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var parsed = cl.parseArgs("serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--flows",
        DEMO_FLOWS.toString(), "--config", config.toString());
    ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
    try (var server = serve.startServing()) {
      assertTrue(out.toString().contains("(database " + file + ")"), out.toString());
    }
    assertTrue(Files.exists(Path.of(file + ".mv.db")), "the config file's database was opened");
  }
}
