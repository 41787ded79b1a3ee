package org.kabambe.store;

import static org.kabambe.store.HopStatements.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The writer's batched statements for {@link ContactChange}s: create if absent, then update what changed. */
final class ContactStatements implements AutoCloseable {
  // Portable "insert if absent": the writer is the only writer, so no other transaction races this one.
  private static final String CREATE = "INSERT INTO contacts (phone, opted_out, first_seen, last_seen) "
      + "SELECT ?, FALSE, ?, ? WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE phone = ?)";
  private static final String SEEN = "UPDATE contacts SET last_seen = ? WHERE phone = ?";
  private static final String LANGUAGE = "UPDATE contacts SET language = ? WHERE phone = ?";
  private static final String OPT_OUT = "UPDATE contacts SET opted_out = TRUE, opted_out_at = ? WHERE phone = ?";
  private static final String OPT_IN = "UPDATE contacts SET opted_out = FALSE, opted_in_at = ? WHERE phone = ?";

  private final PreparedStatement create;
  private final PreparedStatement seen;
  private final PreparedStatement language;
  private final PreparedStatement optOut;
  private final PreparedStatement optIn;
  private int rows;

  ContactStatements(Connection c) throws SQLException {
    create = c.prepareStatement(CREATE);
    seen = c.prepareStatement(SEEN);
    language = c.prepareStatement(LANGUAGE);
    optOut = c.prepareStatement(OPT_OUT);
    optIn = c.prepareStatement(OPT_IN);
  }

  void add(ContactChange change) throws SQLException {
    var at = timestamp(change.at());
    create.setString(1, change.phone());
    create.setObject(2, at);
    create.setObject(3, at);
    create.setString(4, change.phone());
    create.addBatch();
    seen.setObject(1, at);
    seen.setString(2, change.phone());
    seen.addBatch();
    rows++;
    if (change.language().isPresent()) {
      language.setString(1, change.language().get());
      language.setString(2, change.phone());
      language.addBatch();
    }
    if (change.optedOut().isPresent()) {
      PreparedStatement s = change.optedOut().get() ? optOut : optIn;
      s.setObject(1, at);
      s.setString(2, change.phone());
      s.addBatch();
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
      return rows;
    } finally {
      clear();
    }
  }

  void clear() throws SQLException {
    for (PreparedStatement s : new PreparedStatement[] {create, seen, language, optOut, optIn}) s.clearBatch();
    rows = 0;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement s : new PreparedStatement[] {create, seen, language, optOut, optIn}) s.close();
  }
}
