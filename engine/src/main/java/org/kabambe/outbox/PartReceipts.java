package org.kabambe.outbox;

import static org.kabambe.outbox.OutboxStore.instant;
import static org.kabambe.outbox.OutboxStore.orEmpty;
import static org.kabambe.outbox.OutboxStore.timestamp;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.connectors.sms.DeliveryReport;

/**
 * Delivery receipts in SQL, in the caller's transaction: a receipt moves its part, and the parts settle their
 * message. A final receipt that finds no part (its submit result is still on its way) is kept early and applied when
 * that result is recorded.
 */
final class PartReceipts {
  private PartReceipts() {}

  /**
   * Records each receipt against its part and settles the message; an unmatched final receipt is kept for later.
   * Applying a receipt twice changes nothing.
   */
  static List<ReceiptOutcome> applyReceipts(Statements sql, List<DeliveryReport> reports, Instant now)
      throws SQLException {
    var outcomes = new ArrayList<ReceiptOutcome>(reports.size());
    for (DeliveryReport report : reports) {
      outcomes.add(applyReceipt(sql, report, now));
    }
    return outcomes;
  }

  private static ReceiptOutcome applyReceipt(Statements sql, DeliveryReport report, Instant now) throws SQLException {
    long outboxId;
    int seq;
    var find = sql.get("SELECT outbox_id, seq FROM outbox_parts WHERE provider_id = ? AND provider = ?"
        + " ORDER BY outbox_id DESC FETCH FIRST 1 ROWS ONLY");
    find.setString(1, report.providerId());
    find.setString(2, report.provider());
    try (var rs = find.executeQuery()) {
      if (!rs.next()) {
        if (report.state().isFinal()) {
          keepEarly(sql, report, now);
        }
        return ReceiptOutcome.UNMATCHED;
      }
      outboxId = rs.getLong(1);
      seq = rs.getInt(2);
    }
    if (!updatePart(sql, outboxId, seq, report.state(), report.errorCode(), report.at())) {
      return new ReceiptOutcome(true, Optional.empty());
    }
    return new ReceiptOutcome(true, settleByParts(sql, outboxId));
  }
  /**
   * Applies the receipts kept early for the parts of {@code moved} (rows just accepted); returns the final statuses
   * they settled, in no particular order.
   */
  static List<OutboxStatus> applyEarly(Statements sql, List<OutboxTransitions.Acceptance> moved)
      throws SQLException {
    var settled = new ArrayList<OutboxStatus>();
    if (moved.isEmpty() || !anyEarlyReceipts(sql)) { // nearly always: skip a lookup per part
      return settled;
    }
    for (OutboxTransitions.Acceptance a : moved) {
      boolean early = false;
      for (int seq = 0; seq < a.providerIds().size(); seq++) {
        early |= applyEarlyReceipts(sql, a.id(), seq + 1, a.provider(), a.providerIds().get(seq));
      }
      if (early) {
        settleByParts(sql, a.id()).ifPresent(settled::add);
      }
    }
    return settled;
  }

  private static void keepEarly(Statements sql, DeliveryReport report, Instant now) throws SQLException {
    var insert = sql.get("INSERT INTO early_receipts (provider, provider_id, state, error_code, at, kept_at)"
        + " VALUES (?, ?, ?, ?, ?, ?)");
    insert.setString(1, report.provider());
    insert.setString(2, report.providerId());
    insert.setString(3, report.state().name());
    insert.setString(4, report.errorCode());
    insert.setObject(5, timestamp(report.at()));
    insert.setObject(6, timestamp(now));
    insert.executeUpdate();
  }

  private static boolean anyEarlyReceipts(Statements sql) throws SQLException {
    try (var rs = sql.get("SELECT 1 FROM early_receipts FETCH FIRST 1 ROWS ONLY").executeQuery()) {
      return rs.next();
    }
  }

  private static boolean applyEarlyReceipts(Statements sql, long id, int seq, String provider, String providerId)
      throws SQLException {
    var found = new ArrayList<DeliveryReport>();
    var select = sql.get("SELECT state, error_code, at FROM early_receipts WHERE provider_id = ? AND provider = ?"
        + " ORDER BY at");
    select.setString(1, providerId);
    select.setString(2, provider);
    try (var rs = select.executeQuery()) {
      while (rs.next()) {
        found.add(new DeliveryReport(provider, providerId, DeliveryReport.State.valueOf(rs.getString(1)),
            rs.getString(2), instant(rs, 3)));
      }
    }
    boolean applied = false;
    for (DeliveryReport report : found) {
      applied |= updatePart(sql, id, seq, report.state(), report.errorCode(), report.at());
    }
    if (applied) {
      sql.update("DELETE FROM early_receipts WHERE provider_id = ? AND provider = ?", providerId, provider);
    }
    return applied;
  }

  /** Moves a still-open part to the receipt's final state; false for progress reports and repeated receipts. */
  private static boolean updatePart(Statements sql, long id, int seq, DeliveryReport.State state, String errorCode,
                                    Instant at) throws SQLException {
    Optional<OutboxStatus> status = partStatus(state);
    if (status.isEmpty()) {
      return false;
    }
    String error = status.get() == OutboxStatus.DELIVERED ? null
        : state.name().toLowerCase(Locale.ROOT) + (errorCode.isEmpty() ? "" : " (error " + errorCode + ")");
    return sql.update("UPDATE outbox_parts SET status = ?, error = ?, updated_at = ? WHERE outbox_id = ? AND seq = ?"
        + " AND status = 'submitted'", status.get().sql(), error, timestamp(at), id, seq) == 1;
  }

  /** SMPP message states as a part's status: only final ones move a part. */
  static Optional<OutboxStatus> partStatus(DeliveryReport.State state) {
    return switch (state) {
      case DELIVERED -> Optional.of(OutboxStatus.DELIVERED);
      case EXPIRED -> Optional.of(OutboxStatus.EXPIRED);
      case DELETED, UNDELIVERABLE, REJECTED -> Optional.of(OutboxStatus.FAILED);
      case ENROUTE, ACCEPTED, UNKNOWN -> Optional.empty();
    };
  }

  /** A submitted message is failed (expired) as soon as a part is, delivered when every part is. */
  private static Optional<OutboxStatus> settleByParts(Statements sql, long id) throws SQLException {
    int parts = 0;
    int delivered = 0;
    Optional<String> failed = Optional.empty();
    Optional<String> expired = Optional.empty();
    Instant last = Instant.EPOCH;
    var select = sql.get("SELECT status, error, updated_at FROM outbox_parts WHERE outbox_id = ? ORDER BY seq");
    select.setLong(1, id);
    try (var rs = select.executeQuery()) {
      while (rs.next()) {
        parts++;
        OutboxStatus status = OutboxStatus.ofSql(rs.getString(1));
        String error = orEmpty(rs.getString(2));
        Instant at = instant(rs, 3);
        last = at.isAfter(last) ? at : last;
        switch (status) {
          case DELIVERED -> delivered++;
          case FAILED -> failed = failed.or(() -> Optional.of(error));
          case EXPIRED -> expired = expired.or(() -> Optional.of(error));
          default -> { }
        }
      }
    }
    OutboxStatus to;
    String error;
    if (failed.isPresent()) {
      to = OutboxStatus.FAILED;
      error = "not delivered: " + failed.get();
    } else if (expired.isPresent()) {
      to = OutboxStatus.EXPIRED;
      error = "not delivered: " + expired.get();
    } else if (parts > 0 && delivered == parts) {
      to = OutboxStatus.DELIVERED;
      error = null;
    } else {
      return Optional.empty();
    }
    var update = sql.get("UPDATE outbox SET status = ?, error = ?, delivered_at = ?, updated_at = ? WHERE id = ?"
        + " AND status = 'submitted'");
    update.setString(1, to.sql());
    update.setString(2, error);
    update.setObject(3, to == OutboxStatus.DELIVERED ? timestamp(last) : null, Types.TIMESTAMP_WITH_TIMEZONE);
    update.setObject(4, timestamp(last));
    update.setLong(5, id);
    return update.executeUpdate() == 1 ? Optional.of(to) : Optional.empty();
  }
}
