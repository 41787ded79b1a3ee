package org.kabambe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The test PostgreSQL starts, and hands out separate databases already migrated. */
class PostgresServerTest {
  @Test
  void newDatabasesAreMigratedAndSeparate() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    String first = server.newDatabase();
    String second = server.newDatabase();
    assertNotEquals(first, second);
    String name = first.substring(first.lastIndexOf('/') + 1, first.indexOf('?'));
    try (var c = server.connect(name); var st = c.createStatement()) {
      st.execute("INSERT INTO writer_journal (id, applied_seq) VALUES (2, 7)");
      try (var rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
        rs.next();
        assertEquals(migrations(), rs.getInt(1));
      }
    }
    String other = second.substring(second.lastIndexOf('/') + 1, second.indexOf('?'));
    try (var c = server.connect(other); var st = c.createStatement();
         var rs = st.executeQuery("SELECT count(*) FROM writer_journal WHERE id = 2")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "each test database starts from the template, not from another test's");
    }
  }

  /** Every portable migration and every PostgreSQL one. */
  private static int migrations() {
    int n = 0;
    for (String folder : new String[] {"/db/migration", "/db/dialect/postgresql"}) {
      var dir = PostgresServerTest.class.getResource(folder);
      n += new java.io.File(dir.getPath()).list((d, name) -> name.matches("V\\d+__.*\\.sql")).length;
    }
    return n;
  }
}
