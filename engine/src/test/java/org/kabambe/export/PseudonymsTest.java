package org.kabambe.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.TestDatabases;

@Tag("database")
class PseudonymsTest {
  @TempDir Path dir;

  @Test
  void stableWithinADeploymentAndKeyedBySecret() {
    try (Database db = TestDatabases.open()) {
      String first = Pseudonyms.of(db, Map.of()).of("+265991234567");
      assertEquals(first, Pseudonyms.of(db, Map.of()).of("+265991234567"), "the stored secret is reused");
      assertNotEquals(first, Pseudonyms.of(db, Map.of()).of("+265991234568"));
      assertNotEquals(first, Pseudonyms.of(db, Map.of(Pseudonyms.SECRET_VARIABLE, "another-secret-of-16+")).of(
          "+265991234567"), "KABAMBE_SECRET wins");
      assertEquals(22, first.length()); // "p_" and 20 hex digits
    }
  }

  /** A deployment whose only key was the contacts export's keeps it: old contacts pseudonyms are a prefix. */
  @Test
  void theContactsExportKeyOfAnExistingDeploymentBecomesTheOneKey() throws Exception {
    String contactsKey = "7f3a".repeat(16); // as the old Secrets stored it: 64 hex characters
    String old = migrateTo17WithContactsKey(contactsKey);
    try (Database db = Database.open(old)) {
      String oldContactsPseudonym = oldContactsPseudonym(contactsKey, "+254712000111");
      assertEquals("p_" + oldContactsPseudonym, Pseudonyms.of(db, Map.of()).of("+254712000111").substring(0, 18));
    }
  }

  /** A deployment with both keys keeps the results key: its results pseudonyms and API bodies do not change. */
  @Test
  void theResultsKeyWinsWhenADeploymentHasBoth() throws Exception {
    String resultsKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    var flyway = V17Database.in(dir.resolve("both"));
    try (flyway) {
      flyway.migrateTo17();
      flyway.execute("INSERT INTO secrets (name, secret) VALUES ('export-pseudonyms', '" + "ab".repeat(32) + "')");
      flyway.execute("INSERT INTO deployment_settings (name, setting) VALUES ('pseudonym_secret', '" + resultsKey
          + "')");
    }
    try (Database db = Database.open(flyway.location())) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(HexFormat.of().parseHex(resultsKey), "HmacSHA256"));
      String expected = "p_" + HexFormat.of().formatHex(mac.doFinal("+254712000111".getBytes(StandardCharsets.UTF_8)))
          .substring(0, 20);
      assertEquals(expected, Pseudonyms.of(db, Map.of()).of("+254712000111"));
    }
  }

  /** The location of a V17 database holding {@code key} as the contacts export's. */
  private String migrateTo17WithContactsKey(String key) throws Exception {
    var flyway = V17Database.in(dir.resolve("old"));
    try (flyway) {
      flyway.migrateTo17();
      flyway.execute("INSERT INTO secrets (name, secret) VALUES ('export-pseudonyms', '" + key + "')");
    }
    return flyway.location();
  }

  /** What the contacts export wrote before: HMAC-SHA256 keyed by the UTF-8 of the stored text, 16 hex digits. */
  private static String oldContactsPseudonym(String key, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
  }

  /**
   * A database migrated only to V17, the schema before one key (V19 differs by database): an H2 file, or an empty
   * PostgreSQL database. {@code location} is what {@link Database#open} takes, {@code url} what JDBC takes.
   */
  private record V17Database(String location, String url) implements AutoCloseable {
    static V17Database in(Path file) {
      if (TestDatabases.postgres()) {
        String url = PostgresServer.shared().newEmptyDatabase();
        return new V17Database(url, url);
      }
      return new V17Database(file.toString(), "jdbc:h2:file:" + file.toAbsolutePath());
    }

    void migrateTo17() {
      Flyway.configure().dataSource(url, TestDatabases.postgres() ? null : "kabambe", "").locations("classpath:db/migration").target("17").load()
          .migrate();
    }

    void execute(String sql) throws Exception {
      try (var c = java.sql.DriverManager.getConnection(url, TestDatabases.postgres() ? null : "kabambe", ""); var s = c.createStatement()) {
        s.execute(sql);
      }
    }

    @Override
    public void close() throws Exception {
      if (!TestDatabases.postgres()) execute("SHUTDOWN"); // H2 keeps an embedded database open until told
    }
  }
}
