package org.kabambe.contact;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.kabambe.store.Database;
import org.kabambe.store.FieldValuesColumn;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Writes imported rows, one transaction per batch: a new number is inserted, a known one updated with the values
 * the row gives (fields merged into the stored ones). An import can opt a number out but never back in: an
 * opt-out the person sent (STOP) outranks a spreadsheet. For a stopped server only (the writer is then not
 * running), which is what lets it read-merge-write without racing hops.
 */
public final class ContactImportWriter {
  private static final String READ = "SELECT language, group_list, field_values, opted_out, opted_out_at, "
      + "consented_at FROM contacts WHERE phone = ?";
  private static final String INSERT = "INSERT INTO contacts (phone, language, group_list, field_values, opted_out, "
      + "opted_out_at, consented_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE = "UPDATE contacts SET language = ?, group_list = ?, field_values = ?, "
      + "opted_out = ?, opted_out_at = ?, consented_at = ? WHERE phone = ?";

  private final Database database;

  public ContactImportWriter(Database database) {
    this.database = database;
  }

  /** How many rows of a batch were new contacts and how many updated known ones. */
  public record Counts(int imported, int updated) {}

  /** Writes {@code rows} in one transaction (numbers are distinct: the reader rejects repeats). */
  public Counts write(List<ImportRow> rows, Instant now) {
    if (rows.isEmpty()) return new Counts(0, 0);
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try (var read = c.prepareStatement(READ); var insert = c.prepareStatement(INSERT);
           var update = c.prepareStatement(UPDATE)) {
        int imported = 0;
        int updated = 0;
        for (ImportRow row : rows) {
          read.setString(1, row.phone());
          try (ResultSet rs = read.executeQuery()) {
            if (rs.next()) {
              boolean wasOut = rs.getBoolean(4);
              boolean out = wasOut || row.optedOut().orElse(false);
              update.setString(1, row.language().orElse(rs.getString(1)));
              update.setString(2, row.groups().map(Groups::encode).orElse(rs.getString(2)));
              update.setString(3, FieldValuesColumn.merge(Optional.ofNullable(rs.getString(3)), row.fields()));
              update.setBoolean(4, out);
              update.setObject(5, out && !wasOut ? SqlTimes.of(now) : rs.getObject(5, OffsetDateTime.class));
              update.setObject(6, row.consentedAt().map(SqlTimes::of).orElse(rs.getObject(6, OffsetDateTime.class)));
              update.setString(7, row.phone());
              update.addBatch();
              updated++;
            } else {
              boolean out = row.optedOut().orElse(false);
              insert.setString(1, row.phone());
              insert.setString(2, row.language().orElse(null));
              insert.setString(3, row.groups().map(Groups::encode).orElse(null));
              insert.setString(4, row.fields().isEmpty() ? null : FieldValuesColumn.merge(Optional.empty(), row.fields()));
              insert.setBoolean(5, out);
              insert.setObject(6, out ? SqlTimes.of(now) : null);
              insert.setObject(7, row.consentedAt().map(SqlTimes::of).orElse(null));
              insert.setObject(8, SqlTimes.of(now));
              insert.addBatch();
              imported++;
            }
          }
        }
        insert.executeBatch();
        update.executeBatch();
        c.commit();
        return new Counts(imported, updated);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot import contacts into " + database.location() + ": " + e.getMessage(), e);
    }
  }
}
