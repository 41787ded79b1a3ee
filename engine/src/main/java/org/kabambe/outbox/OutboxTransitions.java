package org.kabambe.outbox;

import static org.kabambe.outbox.OutboxStore.timestamp;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A message row's moves between statuses, each in the caller's transaction. Every move names the status it leaves
 * ({@code WHERE status = ?}), so a row is moved by one actor once.
 */
final class OutboxTransitions {
  private OutboxTransitions() {}

  /** Moves a row between statuses, recording why; false when it was no longer in {@code from}. */
  static boolean settle(Statements sql, long id, OutboxStatus from, OutboxStatus to, OptionalInt status, String error,
                        Instant now) throws SQLException {
    return sql.update("UPDATE outbox SET status = ?, smpp_status = ?, error = ?, updated_at = ? WHERE id = ?"
        + " AND status = ?", to.sql(), status, error, timestamp(now), id, from.sql()) == 1;
  }

  /** Submitting -> queued, due again at {@code next}. */
  static boolean requeue(Statements sql, long id, OptionalInt status, String reason, Instant next, Instant now)
      throws SQLException {
    return sql.update("UPDATE outbox SET status = 'queued', next_attempt_at = ?, smpp_status = ?, error = ?,"
        + " claimed_by = NULL, updated_at = ? WHERE id = ? AND status = 'submitting'", timestamp(next), status,
        reason, timestamp(now), id) == 1;
  }

  /** Puts a queued row off until {@code next} without counting an attempt (its provider is not ready). */
  static void defer(Statements sql, long id, Instant next, Instant now) throws SQLException {
    sql.update("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
        timestamp(next), timestamp(now), id);
  }

  /** Queued -> submitting, by id: a compare-and-set on the status, so two claims of one row cannot both win. */
  static final String CLAIM = "UPDATE outbox SET status = 'submitting', provider = ?, claimed_by = ?,"
      + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'queued'";

  /** Queued -> submitting for {@code provider}, as one JDBC batch; returns the ids this call moved. */
  static List<Long> claim(Statements sql, List<Long> ids, String provider, String node, Instant now)
      throws SQLException {
    var update = sql.get(CLAIM);
    for (long id : ids) {
      update.setString(1, provider);
      update.setString(2, node);
      update.setObject(3, timestamp(now));
      update.setLong(4, id);
      update.addBatch();
    }
    int[] counts = ids.isEmpty() ? new int[0] : update.executeBatch();
    var claimed = new ArrayList<Long>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      if (counts[i] == 1) {
        claimed.add(ids.get(i));
      }
    }
    return claimed;
  }

  /** One accepted submit: the provider's id for each part. */
  record Acceptance(long id, String provider, List<String> providerIds) {}

  /**
   * Submitting -> submitted with one part per provider id, for many rows as JDBC batches; receipts that came before
   * a result are applied too. Returns the final statuses those early receipts settled, in no particular order.
   */
  static List<OutboxStatus> accepted(Statements sql, List<Acceptance> rows, Instant now) throws SQLException {
    var update = sql.get("UPDATE outbox SET status = 'submitted', submitted_at = ?, smsc_id = ?, error = NULL,"
        + " updated_at = ? WHERE id = ? AND status = 'submitting'");
    for (Acceptance a : rows) {
      update.setObject(1, timestamp(now));
      update.setString(2, a.providerIds().isEmpty() ? null : a.providerIds().get(0));
      update.setObject(3, timestamp(now));
      update.setLong(4, a.id());
      update.addBatch();
    }
    int[] counts = rows.isEmpty() ? new int[0] : update.executeBatch();
    var moved = new ArrayList<Acceptance>(rows.size());
    var insert = sql.get("INSERT INTO outbox_parts (outbox_id, seq, provider, provider_id, status, updated_at)"
        + " VALUES (?, ?, ?, ?, 'submitted', ?)");
    for (int i = 0; i < rows.size(); i++) {
      if (counts[i] != 1) {
        continue;
      }
      Acceptance a = rows.get(i);
      moved.add(a);
      for (int seq = 0; seq < a.providerIds().size(); seq++) {
        insert.setLong(1, a.id());
        insert.setInt(2, seq + 1);
        insert.setString(3, a.provider());
        insert.setString(4, a.providerIds().get(seq));
        insert.setObject(5, timestamp(now));
        insert.addBatch();
      }
    }
    if (moved.stream().anyMatch(a -> !a.providerIds().isEmpty())) {
      insert.executeBatch();
    }
    return PartReceipts.applyEarly(sql, moved);
  }
}
