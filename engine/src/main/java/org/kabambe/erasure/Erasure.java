package org.kabambe.erasure;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kabambe.analytics.TailOrder;
import org.kabambe.export.Pseudonyms;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * Forgets one participant (a data subject's erasure request): every row that names the number is deleted, or,
 * where a figure counts it, given a random token instead of the number, so dashboards keep their counts (distinct
 * participants, message reach, broadcast arms) while nothing leads back to the person; the number typed into free
 * text (anyone's answers, message texts, the answer counts) becomes {@value TypedNumber#ERASED}. One transaction
 * per number, audited under the deployment pseudonym, never the number. The daily figure tables name no number and
 * keep their counts; the caller has the rollup count the number's hops first (see {@link #uncounted}). Blocking.
 */
public final class Erasure {
  /** The audit action of an erasure. */
  public static final String ACTION = "contact.forget";
  /** Prefix of the tokens that stand for a forgotten number in the rows figures count. */
  public static final String TOKEN_PREFIX = "forgotten_";

  /** Appends an audit row in the erasure's transaction ({@code org.kabambe.api.Audit::record}). */
  @FunctionalInterface
  public interface AuditLog {
    void record(Connection c, Instant at, String actor, String action, String target, String detail)
        throws SQLException;
  }

  /** What was done to one number: its pseudonym, and rows deleted and rows re-keyed per table. */
  public record Outcome(String pseudonym, Map<String, Integer> deleted, Map<String, Integer> rekeyed) {
    public int rows() {
      return deleted.values().stream().mapToInt(Integer::intValue).sum()
          + rekeyed.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  // Deleted: the person's own records. Order matters only for outbox_parts (before its outbox rows).
  private static final List<Step> DELETES = List.of(
      new Step("outbox_parts", "DELETE FROM outbox_parts WHERE outbox_id IN (SELECT id FROM outbox WHERE phone = ?"
          + " AND status = 'queued')"),
      new Step("outbox", "DELETE FROM outbox WHERE phone = ? AND status = 'queued'"), // never sent: not in reach
      new Step("conversations", "DELETE FROM conversations WHERE phone = ?"),
      new Step("answers", "DELETE FROM answers WHERE phone = ?"),
      new Step("events", "DELETE FROM events WHERE phone = ?"),
      new Step("flow_starts", "DELETE FROM flow_starts WHERE phone = ?"),
      new Step("campaign_deliveries", "DELETE FROM campaign_deliveries WHERE subscription_id IN"
          + " (SELECT id FROM subscriptions WHERE phone = ?)"),
      new Step("subscriptions", "DELETE FROM subscriptions WHERE phone = ?"),
      new Step("contacts", "DELETE FROM contacts WHERE phone = ?"));

  // Re-keyed: rows that figures count (reach, distinct participants, arms, repliers); bodies and typed values go.
  private static final List<Step> REKEYS = List.of(
      new Step("outbox_parts", "UPDATE outbox_parts SET error = NULL WHERE outbox_id IN"
          + " (SELECT id FROM outbox WHERE phone = ?2)"),
      new Step("outbox", "UPDATE outbox SET phone = ?1, text = '', error = NULL WHERE phone = ?2"),
      new Step("flow_runs", "UPDATE flow_runs SET phone = ?1, answered = '' WHERE phone = ?2"),
      new Step("participant_arms", "UPDATE participant_arms SET phone = ?1 WHERE phone = ?2"),
      new Step("source_replies", "UPDATE source_replies SET phone = ?1 WHERE phone = ?2"),
      new Step("broadcast_recipients", "UPDATE broadcast_recipients SET phone = ?1 WHERE phone = ?2"));

  private record Step(String table, String sql) {}

  private final Database database;
  private final Pseudonyms pseudonyms;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Erasure(Database database, Pseudonyms pseudonyms, AuditLog audit, Clock clock) {
    this.database = database;
    this.pseudonyms = pseudonyms;
    this.audit = audit;
    this.clock = clock;
  }

  /** Forgets {@code phone} (E.164, as stored) in one transaction; {@code actor} goes to the audit row. */
  public Outcome forget(String phone, String actor) {
    String pseudonym = pseudonyms.of(phone);
    String token = TOKEN_PREFIX + HexFormat.of().formatHex(randomBytes());
    var deleted = new LinkedHashMap<String, Integer>();
    var rekeyed = new LinkedHashMap<String, Integer>();
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      try {
        for (Step s : DELETES) deleted.merge(s.table(), update(c, s.sql(), phone), Integer::sum);
        for (Step s : REKEYS) rekeyed.merge(s.table(), rekey(c, s.sql(), token, phone), Integer::sum);
        rekeyed.put("broadcasts", moveCursors(c, phone));
        scrubTyped(c, TypedNumber.of(phone), rekeyed);
        var outcome = new Outcome(pseudonym, deleted, rekeyed);
        audit.record(c, clock.instant(), actor, ACTION, pseudonym, outcome.rows() + " rows that named the number "
            + "deleted or re-keyed to an unlinked token");
        c.commit();
        database.flush(); // in the file before the caller is told the number is gone (H2 stores every 2 s)
        return outcome;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot forget " + pseudonym + " in " + database.location() + ": " + e.getMessage()
          + " (nothing was changed)", e);
    }
  }

  /**
   * Events and answers of {@code phone} the rollup has not counted yet: they would be missing from the figures if
   * erased now (the figures keep a forgotten number's counts only once they hold them).
   */
  public long uncounted(String phone) {
    var order = TailOrder.of(database.dialect());
    String sql = "SELECT (SELECT COUNT(*) FROM events WHERE phone = ? AND NOT (" + order.counted("events") + "))"
        + " + (SELECT COUNT(*) FROM answers WHERE phone = ? AND NOT (" + order.counted("answers") + "))";
    try (var c = database.connection(); var s = c.prepareStatement(sql)) {
      s.setString(1, phone);
      s.setString(2, phone);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + database.location() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs of {@code phone} still open (or dropped, which may resume) in the figures: a running server's rollup holds
   * them in memory and would write them back under the number, so only that server may forget them.
   */
  public long openRuns(String phone) {
    try (var c = database.connection();
         var s = c.prepareStatement("SELECT COUNT(*) FROM flow_runs WHERE phone = ?"
             + " AND status IN ('open', 'dropped')")) {
      s.setString(1, phone);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + database.location() + ": " + e.getMessage(), e);
    }
  }

  /** 80 random bits: a token per erasure that no one can link back to the number (unlike a keyed pseudonym). */
  private byte[] randomBytes() {
    byte[] b = new byte[10];
    random.nextBytes(b);
    return b;
  }

  private static int update(Connection c, String sql, String phone) throws SQLException {
    try (var s = c.prepareStatement(sql)) {
      s.setString(1, phone);
      return s.executeUpdate();
    }
  }

  /** Statements written with ?1 (the token) and ?2 (the number), bound in the order they occur. */
  private static int rekey(Connection c, String sql, String token, String phone) throws SQLException {
    var values = new ArrayList<String>();
    var m = Pattern.compile("\\?([12])").matcher(sql);
    while (m.find()) values.add(m.group(1).equals("1") ? token : phone);
    try (var s = c.prepareStatement(sql.replaceAll("\\?[12]", "?"))) {
      for (int i = 0; i < values.size(); i++) s.setString(i + 1, values.get(i));
      return s.executeUpdate();
    }
  }

  /** The number typed into free text, by anyone: answers, events, message texts, contact fields, answer counts. */
  private static void scrubTyped(Connection c, TypedNumber typed, Map<String, Integer> rekeyed) throws SQLException {
    rekeyed.merge("answers", typed.scrub(c, "answers", "id", "value_text"), Integer::sum);
    rekeyed.merge("events", typed.scrub(c, "events", "id", "detail"), Integer::sum);
    rekeyed.merge("outbox", typed.scrub(c, "outbox", "id", "text"), Integer::sum);
    rekeyed.merge("contacts", typed.scrub(c, "contacts", "phone", "field_values"), Integer::sum);
    rekeyed.merge("answer_daily", typed.scrubCounts(c, "answer_daily", List.of("flow_id", "on_day", "channel",
        "language", "arm", "node_id", "name", "answer")), Integer::sum);
    rekeyed.merge("answer_field_daily", typed.scrubCounts(c, "answer_field_daily", List.of("flow_id", "on_day",
        "channel", "field", "field_value", "node_id", "name", "answer")), Integer::sum);
  }

  /**
   * A broadcast's cursor is the last number it handled. One that names this number moves back to the contact
   * before it (the contact is gone, so "after the cursor" still means the same contacts).
   */
  private static int moveCursors(Connection c, String phone) throws SQLException {
    String before;
    try (var s = c.prepareStatement("SELECT MAX(phone) FROM contacts WHERE phone < ?")) {
      s.setString(1, phone);
      try (var rs = s.executeQuery()) {
        rs.next();
        before = rs.getString(1) == null ? "" : rs.getString(1);
      }
    }
    try (var s = c.prepareStatement("UPDATE broadcasts SET cursor_phone = ? WHERE cursor_phone = ?")) {
      s.setString(1, before);
      s.setString(2, phone);
      return s.executeUpdate();
    }
  }
}
