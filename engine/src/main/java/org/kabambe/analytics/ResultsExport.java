package org.kabambe.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.kabambe.export.Csv;
import org.kabambe.export.Pseudonyms;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * A flow's results as CSV, one row per participant and answered question (a participant who answers again in a
 * later session has a row per session; every answer given is a row, also one replaced after Back, with its time;
 * the web simulator's fictional numbers are left out). Streams: a JDBC cursor with a fetch size, rows written as they are read,
 * so memory stays flat for millions of rows. Numbers are pseudonymised unless {@code reveal} is asked for. A menu
 * answer keeps its stored value and gets the option's label (in the flow's first language) beside it.
 */
public final class ResultsExport {
  /** {@code answer_label} (last, so that existing column positions hold): a menu option's label for its value. */
  static final List<String> HEADER = List.of("participant", "channel", "session", "node", "question", "answer",
      "answered_at", "answer_label");
  private static final int FETCH = 1_000;

  private final Database database;
  private final Pseudonyms pseudonyms;

  public ResultsExport(Database database, Pseudonyms pseudonyms) {
    this.database = database;
    this.pseudonyms = pseudonyms;
  }

  /** Whether any answer to the flow is stored (simulated ones included): one index lookup. Blocking. */
  public boolean hasAnswers(String flowId) {
    try (var c = database.connection();
         var s = c.prepareStatement("SELECT 1 FROM answers WHERE flow_id = ? FETCH FIRST 1 ROW ONLY")) {
      s.setString(1, flowId);
      try (var rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the answers of " + flowId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the CSV (BOM, header, rows) to {@code out}; returns the number of rows. Blocking. {@code questions}
   * labels menu answers ({@link Questions#NONE} when the flow is not loaded: the label column stays empty).
   */
  public long write(String flowId, Questions questions, boolean reveal, Writer out) throws IOException {
    out.write(Csv.BOM);
    Csv.row(out, HEADER);
    long rows = 0;
    try (var c = database.connection()) {
      c.setAutoCommit(false); // PostgreSQL only honours the fetch size inside a transaction
      try (var s = c.prepareStatement("SELECT phone, channel, session_id, node_id, name, value_text, at FROM answers"
          + " WHERE flow_id = ? AND phone NOT LIKE '" + SimulatedNumbers.LIKE + "' ORDER BY at, id")) {
        s.setFetchSize(FETCH);
        s.setString(1, flowId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String phone = rs.getString(1);
            String participant = reveal ? phone : pseudonyms.of(phone);
            // The session id embeds the number: pseudonymise it too (number@start becomes pseudonym@start).
            String session = rs.getString(3);
            int at = session.lastIndexOf('@');
            String sessionOut = reveal || at < 0 ? session : participant + session.substring(at);
            String node = rs.getString(4);
            String answer = rs.getString(6);
            Csv.row(out, List.of(participant, rs.getString(2), sessionOut, node, rs.getString(5), answer,
                rs.getObject(7, OffsetDateTime.class).toInstant().toString(),
                questions.label(node, answer).orElse("")));
            rows++;
          }
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new StoreException("cannot export results of " + flowId + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.flush();
    return rows;
  }
}
