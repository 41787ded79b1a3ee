package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.TestDatabases;

/**
 * {@link DatabaseCopy} between real databases: an H2 file copied into the database under test (a new H2 file, or
 * a new PostgreSQL database in the build's PostgreSQL run) and back into another H2 file keeps every row of every
 * table, value for value; identity generators move past the copied ids; a target with data is refused; a failed
 * copy leaves the target empty.
 */
@Tag("database")
class DatabaseCopyTest {
  private static final ZoneOffset NAIROBI = ZoneOffset.ofHours(3);
  private static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 14, 9, 26, 53, 589_000_000, NAIROBI);

  @TempDir Path dir;

  /** A target of the kind under test with no tables yet: copy creates them (migrates it). */
  private String newTarget(String name) {
    return TestDatabases.postgres() ? PostgresServer.shared().newEmptyDatabase() : dir.resolve(name).toString();
  }

  @Test
  void aRoundTripKeepsEveryRowAndNewIdsComeAfterTheCopiedOnes() throws SQLException {
    try (Database source = Database.open(dir.resolve("source").toString())) {
      seed(source);
      var original = dump(source);
      List<DatabaseCopy.CopiedTable> there;
      try (Database middle = addNotesTable(Database.open(newTarget("middle")))) {
        var order = new ArrayList<String>();
        there = DatabaseCopy.run(source, middle, 2, table -> order.add(table.table()));
        assertEquals(original, dump(middle), "every row, value for value, in " + middle.dialect());
        assertEquals(order, there.stream().map(DatabaseCopy.CopiedTable::table).toList());
        assertTrue(order.indexOf("outbox") < order.indexOf("a_outbox_notes"), "a table after the one it references, "
            + "whatever its name: " + order);
        assertEquals(3, there.stream().filter(t -> t.table().equals("answers")).findFirst().orElseThrow().rows());
        assertTrue(there.stream().noneMatch(t -> DatabaseCopy.NOT_COPIED.contains(t.table())), there.toString());
        assertEquals(0, count(middle, "SELECT applied_seq FROM writer_journal"), "the target keeps its own");

        try (Database back = addNotesTable(Database.open(dir.resolve("back").toString()))) {
          DatabaseCopy.run(middle, back, 1000, table -> {});
          assertEquals(original, dump(back), "and back into H2");
        }

        // The source handed out answer id 4 before it was erased: no id is handed out twice.
        assertEquals(5, insertAnswer(middle));
        assertEquals(6, insertAnswer(middle));
        assertEquals(3, insertEvent(middle), "a generator with nothing erased goes on after the highest id");
      }
    }
  }

  @Test
  void aTargetWithDataIsRefusedByTheNameOfATableThatHoldsSome() throws SQLException {
    try (Database source = Database.open(dir.resolve("source").toString());
         Database target = addNotesTable(Database.open(newTarget("target")))) {
      seed(source);
      execute(target, "INSERT INTO audit (at, actor, action, target, detail) VALUES (CURRENT_TIMESTAMP, 'cli', "
          + "'token.create', '1', '')");
      var e = assertThrows(StoreException.class, () -> DatabaseCopy.run(source, target, 100, table -> {}));
      assertTrue(e.getMessage().startsWith("the target " + target.location() + " is not empty: table audit holds "
          + "rows"), e.getMessage());
      assertEquals(0, count(target, "SELECT COUNT(*) FROM answers"), "nothing copied");
    }
  }

  @Test
  void aSourceOfANewerReleaseOrWithATableOfItsOwnIsRefused() throws SQLException {
    try (Database source = Database.open(dir.resolve("source").toString());
         Database target = Database.open(newTarget("target"))) {
      seed(source);
      var e = assertThrows(StoreException.class, () -> DatabaseCopy.run(source, target, 100, table -> {}));
      assertTrue(e.getMessage().startsWith("the source " + source.location() + " and the target " + target.location()
          + " have different tables (only in the source: a_outbox_notes; only in the target: none)"), e.getMessage());

      execute(source, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", "
          + "\"type\", \"script\", \"installed_by\", \"execution_time\", \"success\") VALUES (999, '999', 'later', "
          + "'SQL', 'V999__later.sql', 'kabambe', 1, TRUE)");
      e = assertThrows(StoreException.class, () -> DatabaseCopy.run(source, target, 100, table -> {}));
      assertTrue(e.getMessage().startsWith("the source " + source.location() + " is at schema version 999 and the "
          + "target " + target.location() + " at "), e.getMessage());
      assertTrue(e.getMessage().contains("(versions only in the source: 999; only in the target: none)"),
          e.getMessage());
      assertEquals(0, count(target, "SELECT COUNT(*) FROM answers"), "nothing copied");
    }
  }

  @Test
  void aCopyThatFailsHalfWayLeavesTheTargetEmptySoItCanBeRunAgain() throws SQLException {
    try (Database source = Database.open(dir.resolve("source").toString());
         Database target = addNotesTable(Database.open(newTarget("target")))) {
      seed(source);
      var copied = new ArrayList<String>();
      var e = assertThrows(StoreException.class, () -> DatabaseCopy.run(source, target, 100, table -> {
        copied.add(table.table());
        if (table.table().equals("answers")) throw new StoreException("the disk is full");
      }));
      assertEquals("copying table answers failed: the disk is full; the target " + target.location()
          + " is empty again", e.getMessage());
      assertTrue(copied.size() > 2, copied.toString());
      for (String table : copied) {
        assertEquals(0, count(target, "SELECT COUNT(*) FROM " + table), table);
      }
      DatabaseCopy.run(source, target, 100, table -> {});
      assertEquals(dump(source), dump(target), "the second attempt copies everything");
    }
  }

  /** H2 stores a NUL character in text; PostgreSQL refuses one. The copy says where and leaves nothing behind. */
  @Test
  void textPostgresqlCannotStoreStopsTheCopyAtItsTable() throws SQLException {
    assumeTrue(TestDatabases.postgres(), "PostgreSQL's refusal of NUL characters");
    try (Database source = Database.open(dir.resolve("source").toString());
         Database target = addNotesTable(Database.open(newTarget("target")))) {
      seed(source);
      execute(source, "UPDATE answers SET value_text = 'a' || CHAR(0) || 'b' WHERE id = 2");
      var e = assertThrows(StoreException.class, () -> DatabaseCopy.run(source, target, 1, table -> {}));
      assertTrue(e.getMessage().startsWith("copying table answers failed: stopped after 1 rows (in primary-key "
          + "order): "), e.getMessage());
      assertTrue(e.getMessage().contains("Zero bytes") || e.getMessage().contains("0x00"), e.getMessage());
      assertTrue(!e.getMessage().contains("+254"), "no phone number in the message: " + e.getMessage());
      assertEquals(0, count(target, "SELECT COUNT(*) FROM contacts"));
    }
  }

  /**
   * Rows of the kinds that differ between the databases (instants with an offset, bytes, NULLs, doubles, text beyond
   * Latin-1), a foreign key, an erased answer, and a table no migration made (it exists on both sides, as one a
   * later migration adds would), whose name sorts before the table it references.
   */
  private static void seed(Database db) throws SQLException {
    String at = "TIMESTAMP WITH TIME ZONE '2026-03-14 09:26:53.589+03:00'";
    try (Connection c = db.connection(); var st = c.createStatement()) {
      st.execute("INSERT INTO conversations (phone, channel, flow_id, state, started_at, updated_at, ended, reminded,"
          + " waiting_since) VALUES ('+254700000001', 'ussd', 'survey', X'00ff10fe', " + at + ", " + at + ", FALSE, "
          + "FALSE, NULL), ('+254700000002', 'sms', 'survey', X'', " + at + ", " + at + ", TRUE, TRUE, " + at + ")");
      for (int i = 1; i <= 4; i++) {
        st.execute("INSERT INTO answers (session_id, phone, channel, flow_id, flow_hash, node_id, name, value_text, "
            + "value_number, at) VALUES ('s" + i + "', '+254700000001', 'ussd', 'survey', 'h', 'age', 'age', "
            + "'Ndiyo ✓ é " + i + "', " + (i == 2 ? "NULL" : i + ".25") + ", " + at + ")");
      }
      st.execute("DELETE FROM answers WHERE id = 4"); // erased: its id stays used
      st.execute("INSERT INTO events (at, type, phone, channel, flow_id, detail) VALUES (" + at + ", 'flow_started', "
          + "'+254700000001', 'ussd', 'survey', NULL), (" + at + ", 'opted_out', '+254700000002', 'sms', NULL, 'x')");
      st.execute("INSERT INTO outbox (phone, text, status, created_at, updated_at, next_attempt_at, priority) VALUES "
          + "('+254700000002', 'Habari', 'submitted', " + at + ", " + at + ", " + at + ", -1)");
      st.execute("INSERT INTO outbox_parts (outbox_id, seq, provider, provider_id, status, updated_at) VALUES "
          + "(1, 1, 'smpp:main', 'abc', 'submitted', " + at + ")");
      st.execute("INSERT INTO contacts (phone, opted_out, created_at, field_values, group_list) VALUES "
          + "('+254700000002', TRUE, " + at + ", '{\"district\":\"Kisumu\",\"age\":34}', ';nurses;')");
      st.execute("INSERT INTO run_daily (flow_id, on_day, channel, arm, runs, completed, left_count, open_count, "
          + "new_in_flow, new_on_channel, new_in_arm, new_in_arm_on_channel) VALUES ('survey', DATE '2026-03-14', "
          + "'ussd', '', 3, 1, 1, 1, 1, 1, 1, 1)");
      st.execute("UPDATE writer_journal SET applied_seq = 42");
    }
    addNotesTable(db);
    execute(db, "INSERT INTO a_outbox_notes VALUES (1, 'resent')");
  }

  /** The table no migration made, on a target too (a copy refuses databases whose tables differ). */
  private static Database addNotesTable(Database db) throws SQLException {
    execute(db, "CREATE TABLE a_outbox_notes (outbox_id BIGINT NOT NULL REFERENCES outbox (id), note VARCHAR)");
    return db;
  }

  /**
   * Every table's rows, as comparable text, by table (instants as instants: H2 keeps an offset, PostgreSQL not),
   * without the columns a copy leaves to the target ({@link DatabaseCopy#NOT_COPIED_COLUMNS}).
   */
  static Map<String, List<String>> dump(Database db) throws SQLException {
    var tables = new TreeMap<String, List<String>>();
    try (Connection c = db.connection()) {
      var names = new ArrayList<String>();
      try (var st = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
          + "AND table_type = 'BASE TABLE'")) {
        st.setString(1, c.getSchema());
        try (var rs = st.executeQuery()) {
          while (rs.next()) names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
        }
      }
      names.removeAll(List.of("flyway_schema_history", "writer_journal"));
      for (String table : names) {
        var rows = new ArrayList<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM " + table)) {
          var meta = rs.getMetaData();
          while (rs.next()) {
            var row = new TreeMap<String, String>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              String column = meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
              if (DatabaseCopy.NOT_COPIED_COLUMNS.contains(table + "." + column)) continue; // about one database
              row.put(column, text(rs.getObject(i)));
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        tables.put(table, rows);
      }
    }
    return tables;
  }

  private static String text(Object value) {
    if (value instanceof OffsetDateTime t) return t.toInstant().toString();
    if (value instanceof java.sql.Timestamp t) return t.toInstant().toString();
    if (value instanceof byte[] b) return "0x" + HexFormat.of().formatHex(b);
    if (value instanceof Short || value instanceof Integer || value instanceof Long) {
      return Long.toString(((Number) value).longValue());
    }
    return String.valueOf(value);
  }

  private static long insertAnswer(Database db) throws SQLException {
    try (Connection c = db.connection(); var st = c.prepareStatement("INSERT INTO answers (session_id, phone, "
        + "channel, flow_id, flow_hash, node_id, name, value_text, at) VALUES ('new', '+254700000003', 'ussd', "
        + "'survey', 'h', 'age', 'age', '20', ?)", new String[] {"id"})) {
      st.setObject(1, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
      st.executeUpdate();
      try (var keys = st.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static long insertEvent(Database db) throws SQLException {
    try (Connection c = db.connection(); var st = c.prepareStatement("INSERT INTO events (at, type, phone, channel) "
        + "VALUES (?, 'flow_started', '+254700000003', 'ussd')", new String[] {"id"})) {
      st.setObject(1, AT);
      st.executeUpdate();
      try (var keys = st.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static long count(Database db, String sql) throws SQLException {
    try (Connection c = db.connection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(Database db, String sql) throws SQLException {
    try (Connection c = db.connection(); var st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
