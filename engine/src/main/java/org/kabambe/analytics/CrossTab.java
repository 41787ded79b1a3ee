package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * One question's answers by another question or a contact field, per run, from the rollup tables (a few hundred
 * rows a day, however many runs): each run counts once, under its final answer to each question (a participant
 * who went Back and answered again counts under the new answer; one who ran the flow twice counts twice).
 *
 * <p>By a question: {@code answer_pair_daily}, each run's pair of final answers counted on the day the run
 * started; only the questions {@link CrossTabQuestions} pairs (categories), counted from when the rollup first
 * paired them. By a contact field: {@code answer_field_daily}, each final answer on the day it was given, under the
 * value the contact had when it was counted (the breakdown fields, {@link Breakdown#fieldsOf}). Answers to the
 * column question without a row value (no answer to the row question, no value of the field) are left out of the
 * table and counted apart: the column question's answers ({@code answer_daily}, by the day of the answer) less the
 * table's, so a run answering either side of midnight can shift one there. A question is its name: a run that
 * answers two nodes saving under one name counts under both answers. Blocking.
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

  private final Database database;

  public CrossTab(Database database) {
    this.database = database;
  }

  public Table count(String flowId, Period p, Rows rows, String column) {
    try (var c = database.connection()) {
      var cells = new TreeMap<String, Map<String, Long>>();
      if (rows.contactField()) {
        byField(c, flowId, p, rows.name(), column, cells);
      } else {
        byQuestion(c, flowId, p, rows.name(), column, cells);
      }
      return table(cells, answers(c, flowId, p, column));
    } catch (SQLException e) {
      throw new StoreException("cannot cross-tabulate " + flowId + ": " + e.getMessage(), e);
    }
  }

  private static void byField(Connection c, String flowId, Period p, String field, String column,
                              Map<String, Map<String, Long>> cells) throws SQLException {
    read(c, Figures.daily("SELECT field_value, answer, SUM(n) FROM answer_field_daily", p,
        " AND field = ? AND name = ? GROUP BY field_value, answer"), flowId, p, List.of(field, column), cells, false);
  }

  /** A pair is kept once, its names in order: the row question may be the table's second name. */
  private static void byQuestion(Connection c, String flowId, Period p, String row, String column,
                                 Map<String, Map<String, Long>> cells) throws SQLException {
    boolean rowFirst = row.compareTo(column) < 0;
    read(c, Figures.daily("SELECT row_value, col_value, SUM(n) FROM answer_pair_daily", p,
        " AND row_name = ? AND col_name = ? GROUP BY row_value, col_value"), flowId, p,
        rowFirst ? List.of(row, column) : List.of(column, row), cells, !rowFirst);
  }

  private static void read(Connection c, String sql, String flowId, Period p, List<String> names,
                           Map<String, Map<String, Long>> cells, boolean swapped) throws SQLException {
    try (var s = Figures.bound(c, sql, flowId, p)) {
      int i = Figures.next(p);
      for (String name : names) s.setString(i++, name);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          long n = rs.getLong(3);
          // 0: every pair of a run moved away after Back. Below 0 only when a reload made a question paired during a
          // run (its Back then moves pairs never counted): shown empty rather than negative.
          if (n <= 0) continue;
          String row = rs.getString(swapped ? 2 : 1);
          String col = rs.getString(swapped ? 1 : 2);
          cells.computeIfAbsent(row, k -> new HashMap<>()).merge(col, n, Long::sum);
        }
      }
    }
  }

  /** The column question's counted (final) answers in the period. */
  private static long answers(Connection c, String flowId, Period p, String column) throws SQLException {
    try (var s = Figures.bound(c, Figures.daily("SELECT COALESCE(SUM(n), 0) FROM answer_daily", p, " AND name = ?"),
        flowId, p)) {
      s.setString(Figures.next(p), column);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Table table(TreeMap<String, Map<String, Long>> cells, long columnAnswers) {
    var columns = new TreeSet<String>();
    cells.values().forEach(r -> columns.addAll(r.keySet()));
    List<String> rowValues = List.copyOf(cells.keySet());
    List<String> columnValues = List.copyOf(columns);
    long[][] counts = new long[rowValues.size()][columnValues.size()];
    for (int r = 0; r < rowValues.size(); r++) {
      for (int k = 0; k < columnValues.size(); k++) {
        counts[r][k] = cells.get(rowValues.get(r)).getOrDefault(columnValues.get(k), 0L);
      }
    }
    var t = new Table(rowValues, columnValues, counts, 0);
    return new Table(rowValues, columnValues, counts, Math.max(0, columnAnswers - t.n()));
  }
}
