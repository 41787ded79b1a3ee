package org.kabambe.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tables of a database's current schema as its JDBC metadata describes them (columns, primary key, identity
 * columns, the tables each one references), and the order in which they can be filled without breaking a foreign
 * key. Read from the database itself, so a table a later migration adds is copied without anyone listing it.
 */
final class SchemaTables {
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  private SchemaTables() {}

  /** How a column's values are read so that both drivers hand over the same instant or day. */
  enum ValueKind { TIMESTAMP_WITH_TIME_ZONE, TIMESTAMP, DATE, OTHER }

  /** One column: its name (lower case), JDBC type (for a NULL), how to read it, and whether it is an identity. */
  record Column(String name, int sqlType, ValueKind kind, boolean identity) {}

  /**
   * One table: {@code name} in lower case (unquoted, it means the same table on H2 and PostgreSQL), the name its
   * metadata uses, its columns in order, its primary key and the other tables its foreign keys reference.
   */
  record Table(String name, String metaName, List<Column> columns, List<String> primaryKey, Set<String> references) {
    List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }
  }

  /** Every table of the connection's current schema, by lower-case name. */
  static Map<String, Table> read(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = c.getSchema();
    var names = new TreeMap<String, String>();
    try (var rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String metaName = rs.getString("TABLE_NAME");
        names.put(metaName.toLowerCase(Locale.ROOT), metaName);
      }
    }
    var columns = new LinkedHashMap<String, List<Column>>();
    try (var rs = meta.getColumns(null, schema, "%", "%")) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (!names.containsKey(table)) continue;
        int type = rs.getInt("DATA_TYPE");
        String typeName = rs.getString("TYPE_NAME");
        columns.computeIfAbsent(table, t -> new ArrayList<>()).add(new Column(
            rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), type, kind(type, typeName),
            "YES".equals(rs.getString("IS_AUTOINCREMENT"))));
      }
    }
    var tables = new TreeMap<String, Table>();
    for (var e : names.entrySet()) {
      String name = e.getKey();
      String metaName = e.getValue();
      var primaryKey = new TreeMap<Integer, String>();
      try (var rs = meta.getPrimaryKeys(null, schema, metaName)) {
        while (rs.next()) primaryKey.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
      }
      var references = new TreeSet<String>();
      try (var rs = meta.getImportedKeys(null, schema, metaName)) {
        while (rs.next()) {
          String referenced = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
          if (!referenced.equals(name)) references.add(referenced);
        }
      }
      tables.put(name, new Table(name, metaName, List.copyOf(columns.getOrDefault(name, List.of())),
          List.copyOf(primaryKey.values()), Set.copyOf(references)));
    }
    return tables;
  }

  // H2 reports TIMESTAMP WITH TIME ZONE as its own JDBC type; PostgreSQL's driver calls timestamptz TIMESTAMP.
  private static ValueKind kind(int type, String typeName) {
    if (type == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(typeName)) {
      return ValueKind.TIMESTAMP_WITH_TIME_ZONE;
    }
    if (type == Types.TIMESTAMP) return ValueKind.TIMESTAMP;
    if (type == Types.DATE) return ValueKind.DATE;
    return ValueKind.OTHER;
  }

  /**
   * {@code tables} so that every table comes after the tables it references (ties in name order). A table that
   * references itself is filled in primary-key order, which keeps such references valid only if they point back.
   */
  static List<Table> inForeignKeyOrder(Map<String, Table> tables) {
    var ordered = new ArrayList<Table>();
    var placed = new TreeSet<String>();
    var waiting = new TreeMap<>(tables);
    while (!waiting.isEmpty()) {
      var ready = waiting.values().stream()
          .filter(t -> t.references().stream().allMatch(r -> placed.contains(r) || !tables.containsKey(r)))
          .toList();
      if (ready.isEmpty()) {
        throw new StoreException("the foreign keys among tables " + String.join(", ", waiting.keySet())
            + " form a cycle: no order fills them one table at a time");
      }
      for (Table t : ready) {
        ordered.add(t);
        placed.add(t.name());
        waiting.remove(t.name());
      }
    }
    return ordered;
  }

  /**
   * {@code name} if it can go into SQL unquoted (every Kabambe table and column can); anything else is refused
   * rather than quoted, since unquoted it would mean another table on one of the two databases.
   */
  static String plain(String name) {
    if (!PLAIN_NAME.matcher(name).matches()) {
      throw new StoreException("table or column '" + name + "' is not a plain lower-case SQL name: db copy does not"
          + " know how to name it on both databases");
    }
    return name;
  }
}
