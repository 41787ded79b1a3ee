package org.kabambe.store;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Copies every row of one Kabambe database into another, empty one at the same schema version (H2 to PostgreSQL to
 * move a pilot, or any other way round). Tables come from the schema's metadata and are filled in foreign-key
 * order, each in one transaction of batched inserts whose row count is checked against the source's; identity
 * generators are then moved past the copied ids. A failure empties the target again, so the copy can be rerun.
 */
public final class DatabaseCopy {
  /**
   * Tables that belong to one database, not to the data: Flyway's record of the migrations it applied there, and
   * the H2 group-commit writer's position in its own journal (the target keeps its own row).
   */
  static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "writer_journal");

  /**
   * Columns (table.column) that only one database has, about that database: PostgreSQL's transaction id of each hop
   * row and the rollup's position in them (org.kabambe.analytics.CommitOrder). Ids of one server's transactions mean
   * nothing on another: a copy leaves them to the target's default, and the rollup resumes from the copied id.
   */
  static final Set<String> NOT_COPIED_COLUMNS = Set.of("events.tx", "answers.tx", "analytics_cursor.last_tx");

  /** What was copied of one table. */
  public record CopiedTable(String table, long rows) {}

  /** Told about each table as the copy reaches it (for a command's progress lines). */
  public interface Listener {
    /** Before a table's rows are read: its name and how many rows the source holds. */
    default void starting(String table, long rows) {}

    /** After a table's rows are committed and counted on both sides. */
    void copied(CopiedTable table);
  }

  private final Database source;
  private final Database target;
  private final int batchSize;
  private final Listener listener;

  private DatabaseCopy(Database source, Database target, int batchSize, Listener listener) {
    this.source = source;
    this.target = target;
    this.batchSize = batchSize;
    this.listener = listener;
  }

  /**
   * Copies {@code source} into {@code target}, {@code batchSize} rows an insert batch, and returns what was copied
   * in the order it was. Both must be open (so migrated by this Kabambe). Refuses with a {@link StoreException}
   * naming the reason when the target holds data, the two are at different schema versions or their tables differ.
   */
  public static List<CopiedTable> run(Database source, Database target, int batchSize, Listener listener) {
    if (batchSize < 1) throw new StoreException("the batch size must be at least 1, not " + batchSize);
    return new DatabaseCopy(source, target, batchSize, listener).run();
  }

  /** The highest schema version Flyway applied to {@code database}, e.g. {@code 20}. */
  public static String schemaVersion(Database database) {
    try (Connection c = database.connection()) {
      return highest(versions(c));
    } catch (SQLException e) {
      throw new StoreException("cannot read the schema version of " + database.location() + ": " + e.getMessage(), e);
    }
  }

  private List<CopiedTable> run() {
    try (Connection from = source.connection(); Connection to = target.connection()) {
      List<SchemaTables.Table> tables = checkedTables(from, to);
      // One read-only snapshot of the source for the whole copy: consistent across tables even on a server.
      from.setAutoCommit(false);
      from.setReadOnly(true);
      from.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      to.setAutoCommit(false);
      var copied = new ArrayList<CopiedTable>();
      int at = 0;
      try {
        for (; at < tables.size(); at++) {
          CopiedTable table = copyTable(from, to, tables.get(at));
          copied.add(table);
          listener.copied(table);
        }
        restartIdentities(from, to, tables);
        to.commit();
      } catch (SQLException | RuntimeException e) {
        String step = at < tables.size() ? "table " + tables.get(at).name() : "the identity columns";
        throw failed(to, tables.subList(0, Math.min(at + 1, tables.size())), step, e);
      } finally {
        from.rollback();
        from.setReadOnly(false);
        from.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        from.setAutoCommit(true);
      }
      return copied;
    } catch (SQLException e) {
      throw new StoreException("cannot copy " + source.location() + " to " + target.location() + ": "
          + e.getMessage(), e);
    }
  }

  /** The tables to copy, in foreign-key order, once the schema versions, the tables and the target's emptiness hold. */
  private List<SchemaTables.Table> checkedTables(Connection from, Connection to) throws SQLException {
    var fromVersions = versions(from);
    var toVersions = versions(to);
    if (!fromVersions.equals(toVersions)) {
      throw new StoreException("the source " + source.location() + " is at schema version " + highest(fromVersions)
          + " and the target " + target.location() + " at " + highest(toVersions) + " (versions only in the source: "
          + only(fromVersions, toVersions) + "; only in the target: " + only(toVersions, fromVersions) + "); run "
          + "db copy with the Kabambe release that migrated the newer one, so both open at the same version");
    }
    Map<String, SchemaTables.Table> fromTables = SchemaTables.read(from);
    Map<String, SchemaTables.Table> toTables = SchemaTables.read(to);
    fromTables.keySet().removeAll(NOT_COPIED);
    toTables.keySet().removeAll(NOT_COPIED);
    if (!fromTables.keySet().equals(toTables.keySet())) {
      throw new StoreException("the source " + source.location() + " and the target " + target.location()
          + " have different tables (only in the source: " + only(fromTables.keySet(), toTables.keySet())
          + "; only in the target: " + only(toTables.keySet(), fromTables.keySet()) + "); a table on one side "
          + "only was not made by Kabambe's migrations: create it on the other side too, or drop it");
    }
    for (var t : toTables.values()) {
      var fromColumns = new TreeSet<>(copied(fromTables.get(t.name())).stream().map(SchemaTables.Column::name)
          .toList());
      var toColumns = new TreeSet<>(copied(t).stream().map(SchemaTables.Column::name).toList());
      if (!fromColumns.equals(toColumns)) {
        throw new StoreException("table " + t.name() + " has different columns in the source " + source.location()
            + " (only there: " + only(fromColumns, toColumns) + ") and the target " + target.location()
            + " (only there: " + only(toColumns, fromColumns) + ")");
      }
    }
    for (var t : toTables.values()) {
      if (hasRows(to, t.name())) {
        throw new StoreException("the target " + target.location() + " is not empty: table " + t.name() + " holds "
            + "rows; db copy only fills a new database (create an empty one, or give a new H2 file path)");
      }
    }
    return SchemaTables.inForeignKeyOrder(toTables);
  }

  private CopiedTable copyTable(Connection from, Connection to, SchemaTables.Table table) throws SQLException {
    String name = SchemaTables.plain(table.name());
    long expected = count(from, name);
    listener.starting(name, expected);
    List<SchemaTables.Column> columns = copied(table);
    String columnList = columns.stream().map(c -> SchemaTables.plain(c.name())).collect(Collectors.joining(", "));
    String order = table.primaryKey().isEmpty() ? "" : " ORDER BY " + String.join(", ", table.primaryKey());
    String insert = "INSERT INTO " + name + " (" + columnList + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    long rows = 0;
    long written = 0;
    try (var read = from.createStatement(); var write = to.prepareStatement(insert)) {
      read.setFetchSize(batchSize); // PostgreSQL streams only with a fetch size (inside a transaction)
      try (ResultSet rs = read.executeQuery("SELECT " + columnList + " FROM " + name + order)) {
        int pending = 0;
        while (rs.next()) {
          for (int i = 0; i < columns.size(); i++) {
            bind(write, i + 1, columns.get(i), value(rs, i + 1, columns.get(i)));
          }
          write.addBatch();
          rows++;
          if (++pending == batchSize) {
            write.executeBatch();
            written = rows;
            pending = 0;
          }
        }
        if (pending > 0) write.executeBatch();
      }
    } catch (SQLException e) {
      throw new StoreException("stopped after " + written + " rows (in " + (table.primaryKey().isEmpty() ? "the "
          + "source's" : "primary-key") + " order): " + reason(e), e);
    }
    to.commit();
    long landed = count(to, name);
    if (rows != expected || landed != expected) {
      throw new StoreException("table " + name + ": the source counts " + expected + " rows, " + rows + " were read "
          + "and the target counts " + landed);
    }
    return new CopiedTable(name, rows);
  }

  /** The columns of {@code table} a copy carries over. */
  private static List<SchemaTables.Column> copied(SchemaTables.Table table) {
    return table.columns().stream().filter(c -> !NOT_COPIED_COLUMNS.contains(table.name() + "." + c.name()))
        .toList();
  }

  // A driver's batch error quotes the statement with its values (phone numbers): give the database's reason only.
  private static String reason(SQLException e) {
    return e instanceof BatchUpdateException && e.getNextException() != null
        ? e.getNextException().getMessage() : e.getMessage();
  }

  private static Object value(ResultSet rs, int index, SchemaTables.Column column) throws SQLException {
    return switch (column.kind()) {
      case TIMESTAMP_WITH_TIME_ZONE -> rs.getObject(index, OffsetDateTime.class);
      case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
      case DATE -> rs.getObject(index, LocalDate.class);
      case OTHER -> rs.getObject(index);
    };
  }

  private static void bind(PreparedStatement st, int index, SchemaTables.Column column, Object value)
      throws SQLException {
    if (value == null) {
      st.setNull(index, column.sqlType());
    } else {
      st.setObject(index, value);
    }
  }

  /** Moves every identity generator of the target past both the copied ids and the source's own generator. */
  private void restartIdentities(Connection from, Connection to, List<SchemaTables.Table> tables)
      throws SQLException {
    Map<String, SchemaTables.Table> fromTables = SchemaTables.read(from);
    for (SchemaTables.Table table : tables) {
      for (SchemaTables.Column column : table.columns()) {
        if (!column.identity()) continue;
        // The source's generator may be past its highest id (rows erased since): ids are never handed out twice.
        long next = Math.max(IdentitySequences.next(from, source.dialect(), from.getSchema(),
            fromTables.get(table.name()), column.name()), maxPlusOne(to, table.name(), column.name()));
        IdentitySequences.restart(to, target.dialect(), table.name(), column.name(), next);
      }
    }
  }

  private StoreException failed(Connection to, List<SchemaTables.Table> touched, String step, Exception e) {
    String why = e.getMessage();
    try {
      to.rollback();
      for (int i = touched.size() - 1; i >= 0; i--) {
        try (var st = to.createStatement()) {
          st.executeUpdate("DELETE FROM " + SchemaTables.plain(touched.get(i).name()));
        }
      }
      to.commit();
    } catch (SQLException undo) {
      return new StoreException("copying " + step + " failed (" + why + "), and emptying the target "
          + target.location() + " again failed too (" + undo.getMessage() + "): drop it and create it anew before "
          + "copying again", e);
    }
    return new StoreException("copying " + step + " failed: " + why + "; the target " + target.location()
        + " is empty again", e);
  }

  private static List<String> versions(Connection c) throws SQLException {
    var versions = new ArrayList<String>();
    // Flyway creates its table with quoted lower-case names (on H2 too, where unquoted names are upper case).
    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
        + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rs.next()) versions.add(rs.getString(1));
    }
    versions.sort(Comparator.comparing(MigrationVersion::fromVersion));
    return versions;
  }

  private static String highest(List<String> versions) {
    return versions.isEmpty() ? "(none)" : versions.get(versions.size() - 1);
  }

  private static String only(Collection<String> these, Collection<String> notThose) {
    var rest = new ArrayList<>(these);
    rest.removeAll(notThose);
    return rest.isEmpty() ? "none" : String.join(", ", rest);
  }

  private static boolean hasRows(Connection c, String table) throws SQLException {
    try (var st = c.createStatement();
         var rs = st.executeQuery("SELECT 1 FROM " + SchemaTables.plain(table) + " FETCH FIRST 1 ROWS ONLY")) {
      return rs.next();
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long maxPlusOne(Connection c, String table, String column) throws SQLException {
    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COALESCE(MAX(" + SchemaTables.plain(column)
        + "), 0) + 1 FROM " + SchemaTables.plain(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
