package org.kabambe.analytics;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * One question's answers by another question or a contact field, per participant: each participant counts once,
 * with their latest answer to each question in the period (a participant who answered twice, in two sessions or
 * after Back, counts under the last answer). A contact field is the value the contact holds now. Participants
 * without a row value are left out of the table and counted apart. Reads the raw {@code answers} (the daily rollup
 * counts answers, not participants, so it cannot pair two questions); blocking.
 */
public final class CrossTab {
  /** What the rows are: a question's name or a contact field's. */
  public record Rows(String name, boolean contactField) {}

  /** The counts: {@code counts[row][column]}, rows and columns in value order. */
  public record Table(List<String> rowValues, List<String> columnValues, long[][] counts, long withoutRowValue) {
    public long n() {
      long n = 0;
      for (long[] row : counts) for (long c : row) n += c;
      return n;
    }
  }

  private static final int IN_CLAUSE = 500;
  private final Database database;

  public CrossTab(Database database) {
    this.database = database;
  }

  public Table count(String flowId, Period p, Rows rows, String column) {
    try (var c = database.connection()) {
      c.setAutoCommit(false); // PostgreSQL only honours the fetch size inside a transaction
      try {
        return count(c, flowId, p, rows, column);
      } finally {
        c.commit();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot cross-tabulate " + flowId + ": " + e.getMessage(), e);
    }
  }

  private static Table count(Connection c, String flowId, Period p, Rows rows, String column) throws SQLException {
    Map<String, Map<String, String>> latest = latestAnswers(c, flowId, p, rows.contactField()
        ? List.of(column) : List.of(column, rows.name()));
    Map<String, String> byColumn = latest.getOrDefault(column, Map.of());
    Map<String, String> byRow = rows.contactField() ? fieldValues(c, rows.name(), byColumn.keySet())
        : latest.getOrDefault(rows.name(), Map.of());
    var cells = new TreeMap<String, Map<String, Long>>();
    var columns = new TreeSet<String>();
    long without = 0;
    for (var e : byColumn.entrySet()) {
      String row = byRow.get(e.getKey());
      if (row == null) {
        without++;
        continue;
      }
      columns.add(e.getValue());
      cells.computeIfAbsent(row, k -> new HashMap<>()).merge(e.getValue(), 1L, Long::sum);
    }
    List<String> rowValues = List.copyOf(cells.keySet());
    List<String> columnValues = List.copyOf(columns);
    long[][] counts = new long[rowValues.size()][columnValues.size()];
    for (int r = 0; r < rowValues.size(); r++) {
      for (int k = 0; k < columnValues.size(); k++) {
        counts[r][k] = cells.get(rowValues.get(r)).getOrDefault(columnValues.get(k), 0L);
      }
    }
    return new Table(rowValues, columnValues, counts, without);
  }

  /** Question name to participant to their latest answer in the period (on the period's channel). */
  private static Map<String, Map<String, String>> latestAnswers(Connection c, String flowId, Period p,
                                                               List<String> names) throws SQLException {
    String channel = p.channel().isEmpty() ? " AND phone NOT LIKE '" + SimulatedNumbers.LIKE + "'"
        : p.channel().get().equals(SimulatedNumbers.CHANNEL) ? " AND phone LIKE '" + SimulatedNumbers.LIKE + "'"
        : " AND channel = ? AND phone NOT LIKE '" + SimulatedNumbers.LIKE + "'";
    var out = new HashMap<String, Map<String, String>>();
    try (var s = c.prepareStatement("SELECT name, phone, value_text FROM answers WHERE flow_id = ? AND at >= ?"
        + " AND at < ? AND name IN (" + String.join(",", Collections.nCopies(names.size(), "?")) + ")" + channel
        + " ORDER BY at, id")) {
      s.setFetchSize(1_000);
      int i = 1;
      s.setString(i++, flowId);
      s.setObject(i++, SqlTimes.of(p.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
      s.setObject(i++, SqlTimes.of(p.to().atStartOfDay(ZoneOffset.UTC).toInstant()));
      for (String n : names) s.setString(i++, n);
      if (p.channel().isPresent() && !p.channel().get().equals(SimulatedNumbers.CHANNEL)) {
        s.setString(i, p.channel().get());
      }
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
              CountedAnswer.clip(rs.getString(3)));
        }
      }
    }
    return out;
  }

  /** Each number's current value of contact field {@code field} (numbers without one are absent). */
  private static Map<String, String> fieldValues(Connection c, String field, Iterable<String> phones)
      throws SQLException {
    var all = new ArrayList<String>();
    phones.forEach(all::add);
    var out = new HashMap<String, String>();
    for (int from = 0; from < all.size(); from += IN_CLAUSE) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + IN_CLAUSE));
      try (var s = c.prepareStatement("SELECT phone, field_values FROM contacts WHERE phone IN ("
          + String.join(",", Collections.nCopies(batch.size(), "?")) + ")")) {
        for (int i = 0; i < batch.size(); i++) s.setString(i + 1, batch.get(i));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String json = rs.getString(2);
            if (json == null || json.isEmpty()) continue;
            try {
              Object v = new JsonObject(json).getValue(field);
              String value = v == null ? "" : String.valueOf(v);
              if (!value.isBlank()) out.put(rs.getString(1), CountedAnswer.clip(value));
            } catch (RuntimeException e) {
              // not JSON: no value for this contact rather than no table
            }
          }
        }
      }
    }
    return out;
  }
}
