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
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.testing.PostgresServer;

/**
 * {@link Database} on the tests' PostgreSQL ({@link PostgresServer}: skipped, with the reason, where PostgreSQL is
 * not installed).
 */
class PostgresDatabaseTest {
  private static final String PASSWORD = "pw-Zq7!never-shown";
  private static final String SECRET_ROLE = "kabambe_secret";
  private static PostgresServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.shared();
    // One role that must give a password (the shared server trusts every other login): first match wins.
    Path hba = server.dataDir().resolve("pg_hba.conf");
    String rules = Files.readString(hba);
    if (!rules.contains(SECRET_ROLE)) {
      Files.writeString(hba, "host all " + SECRET_ROLE + " 127.0.0.1/32 scram-sha-256\n" + rules);
      sql("CREATE ROLE " + SECRET_ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
      sql("SELECT pg_reload_conf()");
    }
  }

  @Test
  void migrationsApplyAndTheDialectIsPostgresql() throws SQLException {
    String url = server.newEmptyDatabase();
    try (var db = Database.open(url)) {
      assertEquals(Dialect.POSTGRESQL, db.dialect());
      assertEquals(url, db.location());
      for (String table : List.of("conversations", "answers", "events", "outbox")) {
        assertEquals(0, new HopHistory(db).count(table), table);
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
    try (var db = Database.open(server.newDatabase());
         var writer = GroupCommitWriter.start(db)) {
      HopWrite hop = Hops.typical(5);
      var sms = new OutboxRow(Hops.phone(5), "Asante! 🙂", hop.events().get(0).at());
      writer.submit(new HopWrite(hop.conversation(), hop.answers(), hop.events(), List.of(sms))).get(10,
          TimeUnit.SECONDS);
      writer.submit(Hops.typical(5)).get(10, TimeUnit.SECONDS); // the conversation again: an upsert
      var records = new HopHistory(db);
      assertEquals(1, records.count("conversations"));
      assertEquals(hop.events(), records.eventsOf(Hops.phone(5)).subList(0, 2));
      assertEquals(List.of(sms), records.outboxOf(Hops.phone(5)));
    }
  }

  @Test
  void theServerAnswersUssdOnPostgresqlAndAConversationResumesAfterARestart() throws Exception {
    Path flows = Files.isDirectory(Path.of("flows/tests")) ? Path.of("flows") : Path.of("../flows");
    var options = new ServeOptions("127.0.0.1", freePort(), flows, server.newDatabase(),
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
  void aFailedBatchNamesNoPhoneNumberInItsMessage() throws Exception {
    String phone = "+254711222333";
    try (var db = Database.open(server.newDatabase()); var c = db.connection();
         var insert = c.prepareStatement("INSERT INTO contacts (phone, opted_out, first_seen, last_seen, created_at) "
             + "VALUES (?, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
      for (int i = 0; i < 2; i++) { // the second row breaks the primary key
        insert.setString(1, phone);
        insert.addBatch();
      }
      var e = assertThrows(SQLException.class, insert::executeBatch);
      var messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) messages.append(t.getMessage()).append('\n');
      for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
        messages.append(next.getMessage()).append('\n');
      }
      assertFalse(messages.toString().contains("711222333"), messages.toString());
      assertTrue(messages.toString().contains("duplicate key"), messages.toString());
    }
  }

  @Test
  void thePasswordIsNeitherInTheLocationNorInAnyError() throws Exception {
    String url = server.newDatabase();
    String name = name(url);
    sql("GRANT ALL ON DATABASE " + name + " TO " + SECRET_ROLE);
    try (var c = server.connect(name); var s = c.createStatement()) {
      s.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + SECRET_ROLE);
      s.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + SECRET_ROLE);
    }
    String asSecret = url.replace("user=kabambe", "user=" + SECRET_ROLE);
    String withPassword = asSecret + "&password=" + PASSWORD;
    try (var db = Database.open(withPassword)) {
      assertFalse(db.location().contains(PASSWORD), db.location());
      assertFalse(db.location().contains("password"), db.location());
    }
    var wrong = assertThrows(StoreException.class,
        () -> Database.open(asSecret + "&password=" + PASSWORD + "x"));
    assertTrue(wrong.getMessage().contains("refused the login") && wrong.getMessage().contains(target(url)),
        wrong.getMessage());
    assertFalse(wrong.getMessage().contains(PASSWORD), wrong.getMessage());
    var none = assertThrows(StoreException.class, () -> Database.open(asSecret));
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
    String url = server.newEmptyDatabase();
    var e = assertThrows(StoreException.class, () -> Database.openExisting(url));
    assertTrue(e.getMessage().contains("holds no Kabambe data") && e.getMessage().contains(target(url)),
        e.getMessage());
    try (var c = server.connect(name(url)); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "tables created");
    }
  }

  @Test
  void anUnreachableServerAMissingDatabaseAndAsynchronousCommitsAreClearErrors() throws Exception {
    int closed = freePort();
    var down = assertThrows(StoreException.class,
        () -> Database.open("jdbc:postgresql://127.0.0.1:" + closed + "/kabambe?user=kabambe"));
    assertTrue(down.getMessage().contains("127.0.0.1:" + closed + "/kabambe")
        && down.getMessage().contains("cannot be reached"), down.getMessage());
    assertEquals(null, down.getCause(), "no stack trace to show");

    String nosuch = server.url("nosuchdb");
    var missing = assertThrows(StoreException.class, () -> Database.open(nosuch));
    assertTrue(missing.getMessage().contains("does not exist") && missing.getMessage().contains(target(nosuch)),
        missing.getMessage());

    String url = server.newDatabase();
    sql("ALTER DATABASE " + name(url) + " SET synchronous_commit = off");
    var async = assertThrows(StoreException.class, () -> Database.open(url));
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

  private static String name(String url) {
    return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
  }

  private static String target(String url) {
    return url.substring("jdbc:postgresql://".length(), url.indexOf('?'));
  }

  private static void sql(String statement) throws SQLException {
    try (var c = server.connect("postgres"); var s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
