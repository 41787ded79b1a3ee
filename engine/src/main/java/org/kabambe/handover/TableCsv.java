package org.kabambe.handover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.function.UnaryOperator;
import org.kabambe.export.Csv;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * One query streamed to a CSV file through the project's CSV writer: the header is the query's column labels,
 * times are ISO-8601 instants (UTC), and the column named {@code participant} goes through {@code participant}
 * (the pseudonym, or the number as it is). Blocking JDBC, a cursor with a fetch size (PostgreSQL streams only in a
 * transaction).
 */
final class TableCsv {
  static final String PARTICIPANT = "participant";

  private TableCsv() {}

  /** Writes BOM, header and rows; returns the number of rows. */
  static long write(Database database, String sql, UnaryOperator<String> participant, Writer out)
      throws IOException {
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      try (var s = c.prepareStatement(sql)) {
        s.setFetchSize(1_000);
        try (var rs = s.executeQuery()) {
          var meta = rs.getMetaData();
          var header = new ArrayList<String>();
          for (int i = 1; i <= meta.getColumnCount(); i++) header.add(meta.getColumnLabel(i).toLowerCase());
          out.write(Csv.BOM);
          Csv.row(out, header);
          long rows = 0;
          while (rs.next()) {
            var row = new ArrayList<String>(header.size());
            for (int i = 1; i <= header.size(); i++) {
              String cell = cell(rs, i, meta.getColumnType(i));
              row.add(!cell.isEmpty() && header.get(i - 1).equals(PARTICIPANT) ? participant.apply(cell) : cell);
            }
            Csv.row(out, row);
            rows++;
          }
          c.commit();
          out.flush();
          return rows;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + database.location() + " for the hand-over: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String cell(ResultSet rs, int i, int type) throws SQLException {
    if (type == Types.TIMESTAMP_WITH_TIMEZONE || type == Types.TIMESTAMP) {
      OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
      return t == null ? "" : t.toInstant().toString();
    }
    String s = rs.getString(i);
    return s == null ? "" : s;
  }
}
