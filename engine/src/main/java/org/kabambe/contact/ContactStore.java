package org.kabambe.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Reads contacts (writes go through the group-commit writer, or the importer on a stopped server). A contact
 * with everything flows read is one row; {@link #forEach} streams them all in number order, one page at a time.
 * Blocking JDBC: call it on a worker thread.
 */
public final class ContactStore {
  /** Rows per page when streaming: bounded memory whatever the table size, and no long-running transaction. */
  public static final int PAGE = 1_000;
  private static final String COLUMNS = "phone, language, group_list, field_values, opted_out, consented_at, "
      + "first_seen, last_seen";
  private static final String ONE = "SELECT " + COLUMNS + " FROM contacts WHERE phone = ?";
  private static final String PAGE_AFTER = "SELECT " + COLUMNS + " FROM contacts WHERE phone > ? ORDER BY phone "
      + "FETCH FIRST " + PAGE + " ROWS ONLY";

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

  /** The contact with its fields typed by {@code declared}; empty when the number is not known. */
  public Optional<Contact> find(String phone, ContactFields declared) {
    try (var c = database.connection(); var s = c.prepareStatement(ONE)) {
      s.setString(1, phone);
      try (var rows = s.executeQuery()) {
        return rows.next() ? Optional.of(contact(rows, declared)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the contact " + phone + ": " + e.getMessage(), e);
    }
  }

  /** The stored contact, or {@link Contact#unknown} for a number seen for the first time. */
  public Contact findOrUnknown(String phone, ContactFields declared) {
    return find(phone, declared).orElseGet(() -> Contact.unknown(phone));
  }

  /** Receives contacts one at a time; returning false stops the stream. */
  @FunctionalInterface
  public interface ContactVisitor {
    boolean visit(Contact contact);
  }

  /**
   * Streams every contact whose number sorts after {@code afterPhone} ("" for all), in number order, to
   * {@code visitor}; returns how many it visited. Pages of {@link #PAGE} rows by key (keyset pagination), each
   * its own short query: memory stays bounded, the writer is never held up by a long read, and a job that
   * records the last number it handled can resume after a restart from there.
   */
  public long forEach(String afterPhone, ContactFields declared, ContactVisitor visitor) {
    String after = afterPhone;
    long visited = 0;
    try (var c = database.connection(); var s = c.prepareStatement(PAGE_AFTER)) {
      s.setFetchSize(PAGE);
      while (true) {
        s.setString(1, after);
        int inPage = 0;
        try (var rows = s.executeQuery()) {
          while (rows.next()) {
            Contact contact = contact(rows, declared);
            inPage++;
            visited++;
            after = contact.phone();
            if (!visitor.visit(contact)) return visited;
          }
        }
        if (inPage < PAGE) return visited;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read contacts from " + database.location() + ": " + e.getMessage(), e);
    }
  }

  /** How many contacts there are. */
  public long count() {
    try (var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM contacts")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count contacts in " + database.location() + ": " + e.getMessage(), e);
    }
  }

  private static Contact contact(ResultSet rs, ContactFields declared) throws SQLException {
    return new Contact(rs.getString(1), Optional.ofNullable(rs.getString(2)),
        Groups.decode(Optional.ofNullable(rs.getString(3))),
        FieldValues.decode(Optional.ofNullable(rs.getString(4)), declared), rs.getBoolean(5),
        SqlTimes.read(rs, 6), SqlTimes.read(rs, 7), SqlTimes.read(rs, 8));
  }
}
