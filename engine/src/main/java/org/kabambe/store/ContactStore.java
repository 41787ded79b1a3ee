package org.kabambe.store;

import java.sql.SQLException;
import java.util.Optional;

/** Reads contacts (writes go through the group-commit writer). Blocking JDBC: call it on a worker thread. */
public final class ContactStore {
  private final Database database;

  public ContactStore(Database database) {
    this.database = database;
  }

  /** A contact's opt-out state and language, as far as the engine knows them. */
  public record ContactState(boolean optedOut, Optional<String> language) {
    public static final ContactState UNKNOWN = new ContactState(false, Optional.empty());
  }

  public ContactState state(String phone) {
    try (var c = database.connection();
         var s = c.prepareStatement("SELECT opted_out, language FROM contacts WHERE phone = ?")) {
      s.setString(1, phone);
      try (var rows = s.executeQuery()) {
        if (!rows.next()) return ContactState.UNKNOWN;
        return new ContactState(rows.getBoolean(1), Optional.ofNullable(rows.getString(2)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the contact " + phone + ": " + e.getMessage(), e);
    }
  }

  /** Whether flow content may be sent to this number (false once it has opted out, until it opts back in). */
  public boolean mayReceive(String phone) {
    return !state(phone).optedOut();
  }
}
