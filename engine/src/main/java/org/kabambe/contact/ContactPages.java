package org.kabambe.contact;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;

/** The contacts a page at a time, in number order, with how many there are (the admin API's list). Blocking JDBC. */
public final class ContactPages {
  private final Database database;

  public ContactPages(Database database) {
    this.database = database;
  }

  /** One contact as listed: language "" when unknown; no times for an imported contact not seen yet. */
  public record Row(String phone, String language, boolean optedOut, Optional<Instant> firstSeen,
                    Optional<Instant> lastSeen) {}

  /** One page of rows, and the contacts in all. */
  public record Page(long total, List<Row> rows) {}

  /** Page {@code page} (from 1) of {@code size} contacts. */
  public Page page(int page, int size) throws SQLException {
    var rows = new ArrayList<Row>();
    long total;
    try (var c = database.connection()) {
      try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM contacts")) {
        rs.next();
        total = rs.getLong(1);
      }
      try (var s = c.prepareStatement("SELECT phone, language, opted_out, first_seen, last_seen FROM contacts"
          + " ORDER BY phone OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
        s.setLong(1, (long) (page - 1) * size);
        s.setInt(2, size);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(new Row(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2), rs.getBoolean(3),
                SqlTimes.read(rs, 4), SqlTimes.read(rs, 5)));
          }
        }
      }
    }
    return new Page(total, rows);
  }
}
