package org.kabambe.api;

import static org.kabambe.api.QueryParams.param;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kabambe.analytics.CrossTab;
import org.kabambe.analytics.CrossTabQuestions;
import org.kabambe.analytics.Period;
import org.kabambe.analytics.Questions;
import org.kabambe.analytics.SmallCells;
import org.kabambe.export.Csv;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;

/**
 * {@code GET /api/flows/:id/crosstab?rows=&columns=&from=&to=&channel=&min_cell=&lang=&format=}: the answers to the
 * question {@code columns} by the question or contact field {@code rows} (a contact field may be written
 * {@code contact.district}; a bare name is a question first). Run-level, from the rollup tables: each run counts
 * once, under its final answer to each question, on the day it started ({@link CrossTab}); only questions with
 * categorical answers (menus, choice and yes/no asks) and the non-pii text and choice contact fields are offered,
 * others are refused with what is valid. Cells of 1 to {@code min_cell - 1} runs are hidden with complementary
 * suppression ({@link SmallCells}); {@code min_cell} may raise the default of 5, never lower it, so a viewer cannot
 * undo the protection. Menu answers are labelled in {@code lang}
 * (the dashboard's language) where the flow translates them, else in the flow's first language.
 */
final class CrossTabApi {
  private final CrossTab crossTab;

  CrossTabApi(CrossTab crossTab) {
    this.crossTab = crossTab;
  }

  /** The questions a flow's answers can be tabulated by: those with categorical answers ({@link CrossTabQuestions}). */
  static Set<String> questions(Flow flow) {
    return CrossTabQuestions.of(flow);
  }

  /** What the dashboard offers: the questions (for rows and columns) and contact fields (for rows). */
  static JsonObject options(Flow flow, Set<String> fields) {
    return new JsonObject().put("flow", flow.id()).put("questions", new JsonArray(new ArrayList<>(questions(flow))))
        .put("fields", new JsonArray(new ArrayList<>(fields))).put("min_cell", SmallCells.DEFAULT_MIN);
  }

  Object answer(RoutingContext ctx, Flow flow, Period p, Set<String> fields) {
    Set<String> questions = questions(flow);
    String column = param(ctx, "columns").orElseThrow(() -> new BadParameter("columns",
        "columns is required: one of the flow's questions with categorical answers (" + String.join(", ", questions)
            + ")"));
    if (!questions.contains(column)) {
      throw new BadParameter("columns", "columns must be one of the flow's questions with categorical answers"
          + " (menus, choice and yes/no questions; free text and numbers are not cross-tabulated): "
          + String.join(", ", questions) + " (got '" + column + "')");
    }
    CrossTab.Rows rows = rows(ctx, questions, fields);
    if (!rows.contactField() && rows.name().equals(column)) {
      throw new BadParameter("rows", "rows and columns must differ (both are '" + column + "')");
    }
    int minCell = minCell(ctx);
    boolean csv = QueryParams.csv(ctx);
    CrossTab.Table t = crossTab.count(flow.id(), p, rows, column);
    SmallCells hide = SmallCells.of(t.counts(), minCell);
    Questions labels = Questions.of(flow, param(ctx, "lang").orElse(flow.defaultLanguage()));
    if (csv) return csv(flow, labels, p, rows, column, t, hide);
    var columnsJson = new JsonArray();
    for (String v : t.columnValues()) columnsJson.add(value(flow, labels, column, v));
    var rowsJson = new JsonArray();
    for (int r = 0; r < t.rowValues().size(); r++) {
      long n = rowN(t, r);
      boolean nHidden = hide.rowNHidden(r);
      var cells = new JsonArray();
      for (int k = 0; k < t.columnValues().size(); k++) {
        boolean hidden = hide.hidden(r, k);
        long count = t.counts()[r][k];
        cells.add(new JsonObject().put("value", t.columnValues().get(k)).put("count", hidden ? null : count)
            .put("row_percent", hidden || nHidden || n == 0 ? null : percent(count, n)).put("suppressed", hidden));
      }
      JsonObject row = rows.contactField() ? new JsonObject().put("value", t.rowValues().get(r))
          : value(flow, labels, rows.name(), t.rowValues().get(r));
      rowsJson.add(row.put("n", nHidden ? null : n).put("n_suppressed", nHidden).put("cells", cells));
    }
    return new JsonObject().put("flow", flow.id())
        .put("period", new JsonObject().put("from", p.from().toString()).put("to", p.to().toString())
            .put("channel", p.channel().orElse("all")))
        .put("rows", new JsonObject().put("name", rows.name()).put("kind", rows.contactField() ? "contact_field"
            : "question"))
        .put("columns", new JsonObject().put("name", column).put("values", columnsJson))
        .put("min_cell", minCell).put("counting", "runs: each run's final answer to each question (after Back, the"
            + " new answer), counted on the day the run started (by a contact field: the day of the answer, under the"
            + " value the contact had then)")
        .put("suppression", "cells of 1 to " + (minCell - 1) + " runs are hidden, and so many other cells"
            + " and row totals (complementary suppression: hidden entries of a row, column or the n column are none,"
            + " or at least two counting together at least " + minCell + ") that no hidden cell can be worked out"
            + " by subtraction")
        .put("n", hide.overallHidden() ? null : t.n()).put("n_suppressed", hide.overallHidden())
        .put("without_row_value", t.withoutRowValue()).put("suppressed", hide.any()).put("table", rowsJson);
  }

  private static CrossTab.Rows rows(RoutingContext ctx, Set<String> questions, Set<String> fields) {
    String valid = "a question with categorical answers (" + String.join(", ", questions) + ")" + (fields.isEmpty()
        ? "" : " or a contact field (" + String.join(", ", fields) + "): the declared text and choice fields that"
            + " are not pii");
    String name = param(ctx, "rows").orElseThrow(() -> new BadParameter("rows", "rows is required: " + valid));
    if (name.startsWith("contact.") && fields.contains(name.substring(8))) {
      return new CrossTab.Rows(name.substring(8), true);
    }
    if (questions.contains(name)) return new CrossTab.Rows(name, false);
    if (fields.contains(name)) return new CrossTab.Rows(name, true);
    throw new BadParameter("rows", "rows must be " + valid + " (got '" + name + "')");
  }

  private static int minCell(RoutingContext ctx) {
    Optional<String> raw = param(ctx, "min_cell");
    if (raw.isEmpty()) return SmallCells.DEFAULT_MIN;
    try {
      int n = Integer.parseInt(raw.get());
      if (n >= SmallCells.DEFAULT_MIN) return n;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadParameter("min_cell", "min_cell must be a whole number of at least " + SmallCells.DEFAULT_MIN
        + " (it can raise the protection, not lower it; got '" + raw.get() + "')");
  }

  private static JsonObject value(Flow flow, Questions labels, String question, String value) {
    var o = new JsonObject().put("value", value);
    label(flow, labels, question, value).ifPresent(l -> o.put("label", l));
    return o;
  }

  /** The menu option's label for a value of the question saved as {@code question}. */
  private static Optional<String> label(Flow flow, Questions labels, String question, String value) {
    for (Node node : flow.nodes().values()) {
      if (node instanceof Node.Menu m && m.save().orElse(m.id()).equals(question)) {
        Optional<String> l = labels.label(m.id(), value);
        if (l.isPresent()) return l;
      }
    }
    return Optional.empty();
  }

  private static CsvFile csv(Flow flow, Questions labels, Period p, CrossTab.Rows rows, String column,
                             CrossTab.Table t, SmallCells hide) {
    var out = new StringWriter();
    try {
      out.write(Csv.BOM);
      var header = new ArrayList<>(List.of(rows.name(), "n"));
      for (String v : t.columnValues()) {
        String name = column + "=" + v + label(flow, labels, column, v).map(l -> " (" + l + ")").orElse("");
        header.add(name + " count");
        header.add(name + " row %");
      }
      Csv.row(out, header);
      for (int r = 0; r < t.rowValues().size(); r++) {
        long n = rowN(t, r);
        String rowValue = t.rowValues().get(r);
        var line = new ArrayList<>(List.of(rows.contactField() ? rowValue : rowValue
            + label(flow, labels, rows.name(), rowValue).map(l -> " (" + l + ")").orElse(""),
            hide.rowNHidden(r) ? "suppressed" : Long.toString(n)));
        for (int k = 0; k < t.columnValues().size(); k++) {
          boolean hidden = hide.hidden(r, k);
          line.add(hidden ? "suppressed" : Long.toString(t.counts()[r][k]));
          line.add(hidden || hide.rowNHidden(r) || n == 0 ? "" : Double.toString(percent(t.counts()[r][k], n)));
        }
        Csv.row(out, line);
      }
      Csv.row(out, List.of("all", hide.overallHidden() ? "suppressed" : Long.toString(t.n())));
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    return new CsvFile(flow.id() + "-crosstab-" + rows.name() + "-by-" + column + "-" + p.from() + ".csv",
        out.toString());
  }

  private static long rowN(CrossTab.Table t, int r) {
    long n = 0;
    for (long c : t.counts()[r]) n += c;
    return n;
  }

  private static double percent(long count, long n) {
    return Math.round(count * 1000.0 / n) / 10.0;
  }
}
