package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kabambe.testing.PostgresServer;

/**
 * The migrations' layout: a database's own migration has its counterpart, under the same version, for the other
 * database (so both reach the same schema version and {@code db copy} can compare them); and what PostgreSQL's
 * own migrations set is there on a new database.
 */
class MigrationsTest {
  private static Set<String> versions(String folder) throws URISyntaxException {
    var dir = new File(MigrationsTest.class.getResource("/db/" + folder).toURI());
    return Arrays.stream(dir.list((d, name) -> name.matches("V\\d+__.*\\.sql")))
        .map(name -> name.substring(1, name.indexOf("__"))).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyDialectMigrationHasItsCounterpartUnderTheSameVersion() throws URISyntaxException {
    Set<String> h2 = versions("dialect/h2");
    Set<String> postgresql = versions("dialect/postgresql");
    assertEquals(h2, postgresql, "db/dialect/h2 and db/dialect/postgresql");
    assertTrue(h2.contains("20"), h2.toString());
    for (String v : versions("migration")) {
      assertFalse(h2.contains(v), "V" + v + " is both portable and a dialect's");
    }
  }

  /** The conversations table is rewritten on every hop: room on its pages for HOT updates, an eager autovacuum. */
  @Test
  void conversationsOnPostgresqlKeepRoomForUpdatesAndAreVacuumedEarly() throws SQLException {
    String url = PostgresServer.shared().newDatabase();
    try (Database db = Database.open(url); var c = db.connection(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = "
             + "'conversations'")) {
      assertTrue(rs.next());
      assertEquals(Set.of("fillfactor=70", "autovacuum_vacuum_scale_factor=0.02",
          "autovacuum_analyze_scale_factor=0.05"), Set.of(rs.getString(1).split(",")));
    }
  }
}
