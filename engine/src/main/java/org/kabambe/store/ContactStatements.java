package org.kabambe.store;

import static org.kabambe.store.HopStatements.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The writer's batched statements for {@link ContactChange}s: create if absent, then update what changed. Field
 * values are merged into the stored ones (read, merge, write), the row locked while it is merged: on PostgreSQL
 * several nodes' writers may merge into one contact at once, and neither may lose the other's fields.
 */
final class ContactStatements implements AutoCloseable {
  // Created on a number's first hop; on PostgreSQL another node's writer may create the same contact at once, and
  // Dialect.insertIfAbsent waits for it instead of failing the batch on the primary key.
  private static final List<String> CREATE_COLUMNS = List.of("opted_out", "first_seen", "last_seen", "created_at");
  // An imported contact is first seen on its first hop.
  private static final String SEEN = "UPDATE contacts SET last_seen = ?, first_seen = COALESCE(first_seen, ?) "
      + "WHERE phone = ?";
  private static final String READ_FIELDS = "SELECT field_values FROM contacts WHERE phone = ? FOR UPDATE";
  private static final String WRITE_FIELDS = "UPDATE contacts SET field_values = ? WHERE phone = ?";
  private static final String LANGUAGE = "UPDATE contacts SET language = ? WHERE phone = ?";
  private static final String OPT_OUT = "UPDATE contacts SET opted_out = TRUE, opted_out_at = ? WHERE phone = ?";
  private static final String OPT_IN = "UPDATE contacts SET opted_out = FALSE, opted_in_at = ?, consented_at = ? "
      + "WHERE phone = ?";

  private final PreparedStatement create;
  private final PreparedStatement seen;
  private final PreparedStatement language;
  private final PreparedStatement optOut;
  private final PreparedStatement optIn;
  private final PreparedStatement readFields;
  private final PreparedStatement writeFields;
  /**
   * Field updates of the batch by number (each number's in hop order), merged at execute time (after the rows
   * exist); sorted by number, so two writers lock contacts in the same order and cannot deadlock.
   */
  private final Map<String, Map<String, Object>> fields = new TreeMap<>();
  private int rows;
  private final boolean keyTwice;

  ContactStatements(Connection c, Dialect dialect) throws SQLException {
    create = c.prepareStatement(dialect.insertIfAbsent("contacts", List.of("phone"), CREATE_COLUMNS));
    keyTwice = dialect.insertIfAbsentRepeatsKeys();
    seen = c.prepareStatement(SEEN);
    language = c.prepareStatement(LANGUAGE);
    optOut = c.prepareStatement(OPT_OUT);
    optIn = c.prepareStatement(OPT_IN);
    readFields = c.prepareStatement(READ_FIELDS);
    writeFields = c.prepareStatement(WRITE_FIELDS);
  }

  void add(ContactChange change) throws SQLException {
    var at = timestamp(change.at());
    create.setString(1, change.phone());
    create.setBoolean(2, false);
    create.setObject(3, at);
    create.setObject(4, at);
    create.setObject(5, at);
    if (keyTwice) create.setString(6, change.phone());
    create.addBatch();
    seen.setObject(1, at);
    seen.setObject(2, at);
    seen.setString(3, change.phone());
    seen.addBatch();
    rows++;
    if (change.language().isPresent()) {
      language.setString(1, change.language().get());
      language.setString(2, change.phone());
      language.addBatch();
    }
    if (change.optedOut().isPresent()) {
      if (change.optedOut().get()) {
        optOut.setObject(1, at);
        optOut.setString(2, change.phone());
        optOut.addBatch();
      } else {
        optIn.setObject(1, at);
        optIn.setObject(2, at);
        optIn.setString(3, change.phone());
        optIn.addBatch();
      }
    }
    if (!change.fields().isEmpty()) {
      fields.computeIfAbsent(change.phone(), p -> new LinkedHashMap<>()).putAll(change.fields());
    }
  }

  int execute() throws SQLException {
    if (rows == 0) return 0;
    try {
      create.executeBatch();
      seen.executeBatch();
      language.executeBatch();
      optOut.executeBatch();
      optIn.executeBatch();
      mergeFields();
      return rows;
    } finally {
      clear();
    }
  }

  private void mergeFields() throws SQLException {
    if (fields.isEmpty()) return;
    for (var e : fields.entrySet()) {
      readFields.setString(1, e.getKey());
      Optional<String> stored;
      try (var rs = readFields.executeQuery()) {
        stored = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
      writeFields.setString(1, FieldValuesColumn.merge(stored, e.getValue()));
      writeFields.setString(2, e.getKey());
      writeFields.addBatch();
    }
    writeFields.executeBatch();
  }

  void clear() throws SQLException {
    for (PreparedStatement s : statements()) s.clearBatch();
    fields.clear();
    rows = 0;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement s : statements()) s.close();
  }

  private PreparedStatement[] statements() {
    return new PreparedStatement[] {create, seen, language, optOut, optIn, readFields, writeFields};
  }
}
