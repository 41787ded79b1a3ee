package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;

/** {@link Database} on a real PostgreSQL 15 started for this class (skipped, with the reason, without one). */
class PostgresDatabaseTest {
  private static final String PASSWORD = "pw-Zq7!never-shown";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static Server server;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = Server.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) server.stop();
  }

  @Test
  void migrationsApplyAndTheDialectIsPostgresql() throws SQLException {
    String url = server.url(server.createDatabase());
    try (var db = Database.open(url)) {
      assertEquals(Dialect.POSTGRESQL, db.dialect());
      assertEquals(url, db.location());
      for (String table : List.of("conversations", "answers", "events", "outbox")) {
        assertEquals(0, new HopRecords(db).count(table), table);
      }
      try (var c = db.connection(); var s = c.createStatement();
           var rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
        rs.next();
        assertTrue(rs.getInt(1) >= 17, "migrations applied: " + rs.getInt(1));
      }
    }
    try (var db = Database.openExisting(url)) {
      assertEquals(Dialect.POSTGRESQL, db.dialect());
    }
  }

  @Test
  void aHopGoesThroughTheGroupCommitWriterAndReadsBack() throws Exception {
    try (var db = Database.open(server.url(server.createDatabase()));
         var writer = GroupCommitWriter.start(db)) {
      HopWrite hop = Hops.typical(5);
      var sms = new OutboxRow(Hops.phone(5), "Asante! 🙂", hop.events().get(0).at());
      writer.submit(new HopWrite(hop.conversation(), hop.answers(), hop.events(), List.of(sms))).get(10,
          TimeUnit.SECONDS);
      writer.submit(Hops.typical(5)).get(10, TimeUnit.SECONDS); // the conversation again: an upsert
      var records = new HopRecords(db);
      assertEquals(1, records.count("conversations"));
      assertEquals(hop.events(), records.eventsOf(Hops.phone(5)).subList(0, 2));
      assertEquals(List.of(sms), records.outboxOf(Hops.phone(5)));
    }
  }

  @Test
  void theServerAnswersUssdOnPostgresqlAndAConversationResumesAfterARestart() throws Exception {
    Path flows = Files.isDirectory(Path.of("flows/tests")) ? Path.of("flows") : Path.of("../flows");
    var options = new ServeOptions("127.0.0.1", Server.freePort(), flows, server.url(server.createDatabase()),
        Optional.empty(), List.of(), Optional.empty(), 4);
    try (var kabambe = KabambeServer.start(options, Clock.systemUTC())) {
      assertTrue(dial(kabambe, "s1", "").startsWith("CON Language"));
      assertTrue(dial(kabambe, "s1", "1").contains("Vaccine survey"));
    }
    try (var kabambe = KabambeServer.start(options, Clock.systemUTC())) {
      assertTrue(dial(kabambe, "s2", "").startsWith("CON You have an unfinished session."));
    }
  }

  private static String dial(KabambeServer kabambe, String session, String text) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kabambe.port() + "/ussd/africastalking"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("sessionId=" + session + "&phoneNumber=%2B254700000001"
            + "&serviceCode=*384*12%23&text=" + text)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void thePasswordIsNeitherInTheLocationNorInAnyError() throws Exception {
    String name = server.createDatabase();
    String withPassword = server.url(name, "secret") + "&password=" + PASSWORD;
    try (var db = Database.open(withPassword)) {
      assertFalse(db.location().contains(PASSWORD), db.location());
      assertFalse(db.location().contains("password"), db.location());
    }
    var wrong = assertThrows(StoreException.class,
        () -> Database.open(server.url(name, "secret") + "&password=" + PASSWORD + "x"));
    assertTrue(wrong.getMessage().contains("refused the login") && wrong.getMessage().contains(server.target(name)),
        wrong.getMessage());
    assertFalse(wrong.getMessage().contains(PASSWORD), wrong.getMessage());
    var none = assertThrows(StoreException.class, () -> Database.open(server.url(name, "secret")));
    assertTrue(none.getMessage().contains("KABAMBE_DB_PASSWORD"), none.getMessage());
    var refused = assertThrows(StoreException.class,
        () -> Database.open("jdbc:mysql://db/kabambe?user=u&password=" + PASSWORD));
    assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
  }

  @Test
  void thePasswordComesFromTheEnvironmentOrAFile() throws IOException {
    String url = "jdbc:postgresql://db:5432/kabambe?user=k";
    assertEquals(PASSWORD, PostgresUrl.parse(url, Map.of("KABAMBE_DB_PASSWORD", PASSWORD)::get).password()
        .orElseThrow());
    Path file = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
    var fromFile = PostgresUrl.parse(url, Map.of("KABAMBE_DB_PASSWORD_FILE", file.toString())::get);
    assertEquals(PASSWORD, fromFile.password().orElseThrow());
    assertEquals(url, fromFile.redacted());
    assertEquals("db:5432/kabambe", fromFile.target());
    var missing = assertThrows(StoreException.class,
        () -> PostgresUrl.parse(url, Map.of("KABAMBE_DB_PASSWORD_FILE", dir.resolve("none").toString())::get));
    assertTrue(missing.getMessage().contains("KABAMBE_DB_PASSWORD_FILE"), missing.getMessage());
  }

  @Test
  void openExistingRefusesADatabaseWithoutKabambesSchemaAndCreatesNothing() throws SQLException {
    String name = server.createDatabase();
    var e = assertThrows(StoreException.class, () -> Database.openExisting(server.url(name)));
    assertTrue(e.getMessage().contains("holds no Kabambe data") && e.getMessage().contains(server.target(name)),
        e.getMessage());
    try (var c = server.admin(name); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "tables created");
    }
  }

  @Test
  void anUnreachableServerAMissingDatabaseAndAsynchronousCommitsAreClearErrors() throws Exception {
    int closed = Server.freePort();
    var down = assertThrows(StoreException.class,
        () -> Database.open("jdbc:postgresql://127.0.0.1:" + closed + "/kabambe?user=kabambe"));
    assertTrue(down.getMessage().contains("127.0.0.1:" + closed + "/kabambe")
        && down.getMessage().contains("cannot be reached"), down.getMessage());
    assertEquals(null, down.getCause(), "no stack trace to show");

    var missing = assertThrows(StoreException.class, () -> Database.open(server.url("nosuchdb")));
    assertTrue(missing.getMessage().contains("does not exist") && missing.getMessage().contains(
        server.target("nosuchdb")), missing.getMessage());

    String name = server.createDatabase();
    server.sql("ALTER DATABASE " + name + " SET synchronous_commit = off");
    var async = assertThrows(StoreException.class, () -> Database.open(server.url(name)));
    assertTrue(async.getMessage().contains("synchronous_commit = off"), async.getMessage());
  }

  @Test
  void otherDatabaseUrlsAreRefusedNamingTheSupportedForms() {
    for (String url : List.of("jdbc:mysql://127.0.0.1/kabambe", "postgres://db/kabambe", "postgresql://db/k",
        "jdbc:h2:tcp://localhost/kabambe")) {
      var e = assertThrows(StoreException.class, () -> Database.open(url));
      assertTrue(e.getMessage().contains("jdbc:postgresql://HOST:PORT/DATABASE?user=USER")
          && e.getMessage().contains("mem:") && e.getMessage().contains("H2 file path"), e.getMessage());
    }
  }

  /**
   * A throwaway PostgreSQL server: initdb into a temporary folder, started on a free port with its socket in that
   * folder, as the postgres user when run as root. Logins: kabambe (superuser) without a password; secret with one.
   */
  static final class Server {
    private final Path home;
    private final Path bin;
    private final int port;

    private Server(Path home, Path bin, int port) {
      this.home = home;
      this.bin = bin;
      this.port = port;
    }

    static Server start() throws Exception {
      boolean required = "required".equals(System.getenv("KABAMBE_POSTGRES_TEST"));
      Path bin;
      try {
        var p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
        bin = Path.of(new String(p.getInputStream().readAllBytes()).strip());
        if (p.waitFor() != 0) throw new IOException("pg_config failed");
      } catch (IOException e) {
        if (required) throw new IllegalStateException("KABAMBE_POSTGRES_TEST=required but no pg_config", e);
        Assumptions.abort("PostgreSQL is not installed (no pg_config); set KABAMBE_POSTGRES_TEST=required to fail");
        return null;
      }
      Path home = Files.createTempDirectory("kabambe-pg");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) run(List.of("chown", "postgres", home.toString()), false);
      var server = new Server(home, bin, freePort());
      server.run(List.of(bin.resolve("initdb").toString(), "-D", home.resolve("data").toString(), "-A", "trust",
          "-U", "kabambe", "--no-sync"));
      Files.writeString(home.resolve("data/pg_hba.conf"), """
          local all all trust
          host all secret 127.0.0.1/32 scram-sha-256
          host all all 127.0.0.1/32 trust
          """);
      server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", home.resolve("data").toString(), "-w", "-l",
          home.resolve("log").toString(), "-o", "-p " + server.port + " -k " + home
              + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
      server.sql("CREATE ROLE secret LOGIN PASSWORD '" + PASSWORD + "'");
      return server;
    }

    String createDatabase() throws SQLException {
      String name = "k" + NAMES.incrementAndGet();
      sql("CREATE DATABASE " + name);
      sql("GRANT ALL ON DATABASE " + name + " TO secret");
      try (var c = admin(name); var s = c.createStatement()) {
        s.execute("GRANT ALL ON SCHEMA public TO secret");
      }
      return name;
    }

    String url(String database) {
      return url(database, "kabambe");
    }

    String url(String database, String user) {
      return "jdbc:postgresql://" + target(database) + "?user=" + user;
    }

    String target(String database) {
      return "127.0.0.1:" + port + "/" + database;
    }

    Connection admin(String database) throws SQLException {
      return DriverManager.getConnection(url(database));
    }

    void sql(String statement) throws SQLException {
      try (var c = admin("postgres"); var s = c.createStatement()) {
        s.execute(statement);
      }
    }

    void stop() throws Exception {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", home.resolve("data").toString(), "-m", "immediate",
          "-w", "stop"));
      run(List.of("rm", "-rf", home.toString()), false);
    }

    private void run(List<String> command) throws Exception {
      boolean root = "root".equals(System.getProperty("user.name"));
      run(command, root);
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
      List<String> full = new ArrayList<>();
      if (asPostgres) full.addAll(List.of("runuser", "-u", "postgres", "--"));
      full.addAll(command);
      var p = new ProcessBuilder(full).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", full) + " failed: " + out);
      }
    }

    static int freePort() throws IOException {
      try (var socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
