package org.kabambe.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * The outbox's state transitions in SQL. Every transition names the status it leaves ({@code WHERE status = ?}), so
 * a row is moved by one actor once; each method commits before it returns. Blocking JDBC: worker threads only.
 */
final class OutboxStore {
  private final Database database;

  OutboxStore(Database database) {
    this.database = database;
  }

  /** Queued rows due at {@code now}, highest priority first, then oldest (ordered as the outbox_due index is). */
  List<DueRow> due(Instant now, int limit) {
    String sql = "SELECT id, phone, text, sender, created_at, expires_at, attempts, kind FROM outbox"
        // "status" leads the ORDER BY (it is constant here) so that H2 reads outbox_due_order in order and stops
        // after the limit; without it H2 read and sorted the whole queue on every poll.
        + " WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY status, priority DESC, next_attempt_at, id"
        + " FETCH FIRST ? ROWS ONLY";
    return read(connection -> {
      try (var select = connection.prepareStatement(sql)) {
        select.setObject(1, timestamp(now));
        select.setInt(2, limit);
        try (var rs = select.executeQuery()) {
          var rows = new ArrayList<DueRow>();
          while (rs.next()) {
            rows.add(new DueRow(rs.getLong(1), rs.getString(2), rs.getString(3), orEmpty(rs.getString(4)),
                instant(rs, 5), optionalInstant(rs, 6), rs.getInt(7), rs.getString(8)));
          }
          return rows;
        }
      }
    });
  }

  /** Queued -> submitting for {@code provider}, committed; false when someone else moved the row first. */
  boolean claim(long id, String provider, String node, Instant now) {
    return update("UPDATE outbox SET status = 'submitting', provider = ?, claimed_by = ?, attempts = attempts + 1,"
        + " updated_at = ? WHERE id = ? AND status = 'queued'", provider, node, timestamp(now), id) == 1;
  }

  /** Moves a row between statuses, recording why; false when it was no longer in {@code from}. */
  boolean settle(long id, OutboxStatus from, OutboxStatus to, OptionalInt status, String error, Instant now) {
    return update("UPDATE outbox SET status = ?, smpp_status = ?, error = ?, updated_at = ? WHERE id = ?"
            + " AND status = ?", to.sql(), status, error, timestamp(now), id,
        from.sql()) == 1;
  }

  /** Submitting -> queued, due again at {@code next}. */
  boolean requeue(long id, OptionalInt status, String reason, Instant next, Instant now) {
    return update("UPDATE outbox SET status = 'queued', next_attempt_at = ?, smpp_status = ?, error = ?,"
            + " claimed_by = NULL, updated_at = ? WHERE id = ? AND status = 'submitting'", timestamp(next),
        status, reason, timestamp(now), id) == 1;
  }

  /** Puts a queued row off until {@code next} without counting an attempt (its provider is not ready). */
  void defer(long id, Instant next, Instant now) {
    update("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
        timestamp(next), timestamp(now), id);
  }

  /** Rows this node claimed but never recorded a result for: a crash between claim and result. */
  List<Long> interrupted(String node) {
    return read(connection -> {
      try (var select = connection.prepareStatement("SELECT id FROM outbox WHERE status = 'submitting'"
          + " AND (claimed_by = ? OR claimed_by IS NULL) ORDER BY id")) {
        select.setString(1, node);
        try (var rs = select.executeQuery()) {
          var ids = new ArrayList<Long>();
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
          return ids;
        }
      }
    });
  }

  long queued() {
    return read(connection -> {
      try (var statement = connection.createStatement();
           var rs = statement.executeQuery("SELECT COUNT(*) FROM outbox WHERE status = 'queued'")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /**
   * Submitting -> submitted with one part per provider id, in one transaction; receipts that came before this
   * result are applied too. Returns the message's final status if those receipts settled it.
   */
  Optional<OutboxStatus> accepted(long id, String provider, List<String> providerIds, Instant now) {
    return transaction(connection -> accepted(connection, id, provider, providerIds, now));
  }

  /** One accepted submit, for {@link #acceptedAll}. */
  record Acceptance(long id, String provider, List<String> providerIds) {}

  /**
   * {@link #accepted} for many rows in one transaction (the sender records results in batches: one commit per row
   * was its bottleneck). Returns the final statuses early receipts settled, in no particular order.
   */
  List<OutboxStatus> acceptedAll(List<Acceptance> rows, Instant now) {
    return transaction(connection -> {
      var settled = new ArrayList<OutboxStatus>();
      for (Acceptance a : rows) {
        accepted(connection, a.id(), a.provider(), a.providerIds(), now).ifPresent(settled::add);
      }
      return settled;
    });
  }

  /** Queued -> submitting for many rows in one transaction; returns the ids this call moved. */
  List<Long> claimAll(List<Long> ids, String provider, String node, Instant now) {
    return transaction(connection -> {
      var claimed = new ArrayList<Long>(ids.size());
      try (var update = connection.prepareStatement("UPDATE outbox SET status = 'submitting', provider = ?,"
          + " claimed_by = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'queued'")) {
        for (long id : ids) {
          update.setString(1, provider);
          update.setString(2, node);
          update.setObject(3, timestamp(now));
          update.setLong(4, id);
          if (update.executeUpdate() == 1) {
            claimed.add(id);
          }
        }
      }
      return claimed;
    });
  }

  private static Optional<OutboxStatus> accepted(Connection connection, long id, String provider,
                                                 List<String> providerIds, Instant now) throws SQLException {
    try (var update = connection.prepareStatement("UPDATE outbox SET status = 'submitted', submitted_at = ?,"
        + " smsc_id = ?, error = NULL, updated_at = ? WHERE id = ? AND status = 'submitting'")) {
      update.setObject(1, timestamp(now));
      update.setString(2, providerIds.isEmpty() ? null : providerIds.get(0));
      update.setObject(3, timestamp(now));
      update.setLong(4, id);
      if (update.executeUpdate() != 1) {
        return Optional.<OutboxStatus>empty();
      }
    }
    try (var insert = connection.prepareStatement("INSERT INTO outbox_parts (outbox_id, seq, provider,"
        + " provider_id, status, updated_at) VALUES (?, ?, ?, ?, 'submitted', ?)")) {
      for (int seq = 0; seq < providerIds.size(); seq++) {
        insert.setLong(1, id);
        insert.setInt(2, seq + 1);
        insert.setString(3, provider);
        insert.setString(4, providerIds.get(seq));
        insert.setObject(5, timestamp(now));
        insert.addBatch();
      }
      if (!providerIds.isEmpty()) {
        insert.executeBatch();
      }
    }
    boolean early = false;
    for (int seq = 0; seq < providerIds.size(); seq++) {
      early |= applyEarlyReceipts(connection, id, seq + 1, provider, providerIds.get(seq));
    }
    return early ? settleByParts(connection, id) : Optional.<OutboxStatus>empty();
  }

  /** Records a receipt against its part and settles the message; an unmatched final receipt is kept for later. */
  ReceiptOutcome applyReceipt(DeliveryReport report) {
    return transaction(connection -> applyReceipt(connection, report));
  }

  /** {@link #applyReceipt} for many receipts in one transaction (a commit per receipt halved the sender's rate). */
  List<ReceiptOutcome> applyReceipts(List<DeliveryReport> reports) {
    return transaction(connection -> {
      var outcomes = new ArrayList<ReceiptOutcome>(reports.size());
      for (DeliveryReport report : reports) {
        outcomes.add(applyReceipt(connection, report));
      }
      return outcomes;
    });
  }

  private static ReceiptOutcome applyReceipt(Connection connection, DeliveryReport report) throws SQLException {
    long outboxId;
    int seq;
    try (var find = connection.prepareStatement("SELECT outbox_id, seq FROM outbox_parts WHERE provider_id = ?"
        + " AND provider = ? ORDER BY outbox_id DESC FETCH FIRST 1 ROWS ONLY")) {
      find.setString(1, report.providerId());
      find.setString(2, report.provider());
      try (var rs = find.executeQuery()) {
        if (!rs.next()) {
          if (report.state().isFinal()) {
            keepEarly(connection, report);
          }
          return ReceiptOutcome.UNMATCHED;
        }
        outboxId = rs.getLong(1);
        seq = rs.getInt(2);
      }
    }
    if (!updatePart(connection, outboxId, seq, report.state(), report.errorCode(), report.at())) {
      return new ReceiptOutcome(true, Optional.empty());
    }
    return new ReceiptOutcome(true, settleByParts(connection, outboxId));
  }

  /** The row and its parts, if it exists. */
  Optional<OutboxMessage> find(long id) {
    List<OutboxMessage> found = messages("WHERE id = ?", id);
    return found.stream().findFirst();
  }

  /** A phone's rows, oldest first. */
  List<OutboxMessage> ofPhone(String phone) {
    return messages("WHERE phone = ?", phone);
  }

  private List<OutboxMessage> messages(String where, Object key) {
    String sql = "SELECT id, phone, text, status, attempts, provider, error, smpp_status, created_at,"
        + " next_attempt_at, submitted_at, delivered_at FROM outbox " + where + " ORDER BY id";
    return read(connection -> {
      var out = new ArrayList<OutboxMessage>();
      try (var select = connection.prepareStatement(sql)) {
        select.setObject(1, key);
        try (var rs = select.executeQuery()) {
          while (rs.next()) {
            int status = rs.getInt(8);
            OptionalInt smppStatus = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(status);
            long id = rs.getLong(1);
            out.add(new OutboxMessage(id, rs.getString(2), rs.getString(3), OutboxStatus.ofSql(rs.getString(4)),
                rs.getInt(5), Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                smppStatus, instant(rs, 9), instant(rs, 10), optionalInstant(rs, 11), optionalInstant(rs, 12),
                List.of()));
          }
        }
      }
      var withParts = new ArrayList<OutboxMessage>();
      for (OutboxMessage m : out) {
        withParts.add(new OutboxMessage(m.id(), m.phone(), m.text(), m.status(), m.attempts(), m.provider(),
            m.error(), m.smppStatus(), m.createdAt(), m.nextAttemptAt(), m.submittedAt(), m.deliveredAt(),
            parts(connection, m.id())));
      }
      return withParts;
    });
  }

  private static List<OutboxMessage.Part> parts(Connection connection, long id) throws SQLException {
    try (var select = connection.prepareStatement("SELECT seq, provider, provider_id, status, error FROM"
        + " outbox_parts WHERE outbox_id = ? ORDER BY seq")) {
      select.setLong(1, id);
      try (var rs = select.executeQuery()) {
        var parts = new ArrayList<OutboxMessage.Part>();
        while (rs.next()) {
          parts.add(new OutboxMessage.Part(rs.getInt(1), rs.getString(2), rs.getString(3),
              OutboxStatus.ofSql(rs.getString(4)), Optional.ofNullable(rs.getString(5))));
        }
        return parts;
      }
    }
  }

  private static void keepEarly(Connection connection, DeliveryReport report) throws SQLException {
    try (var insert = connection.prepareStatement("INSERT INTO early_receipts (provider, provider_id, state,"
        + " error_code, at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, report.provider());
      insert.setString(2, report.providerId());
      insert.setString(3, report.state().name());
      insert.setString(4, report.errorCode());
      insert.setObject(5, timestamp(report.at()));
      insert.executeUpdate();
    }
  }

  private static boolean applyEarlyReceipts(Connection connection, long id, int seq, String provider,
                                            String providerId) throws SQLException {
    boolean applied = false;
    try (var select = connection.prepareStatement("SELECT state, error_code, at FROM early_receipts"
        + " WHERE provider_id = ? AND provider = ? ORDER BY at")) {
      select.setString(1, providerId);
      select.setString(2, provider);
      try (var rs = select.executeQuery()) {
        while (rs.next()) {
          applied |= updatePart(connection, id, seq, DeliveryReport.State.valueOf(rs.getString(1)), rs.getString(2),
              instant(rs, 3));
        }
      }
    }
    if (applied) {
      try (var delete = connection.prepareStatement("DELETE FROM early_receipts WHERE provider_id = ?"
          + " AND provider = ?")) {
        delete.setString(1, providerId);
        delete.setString(2, provider);
        delete.executeUpdate();
      }
    }
    return applied;
  }

  /** Moves a still-open part to the receipt's final state; false for progress reports and repeated receipts. */
  private static boolean updatePart(Connection connection, long id, int seq, DeliveryReport.State state,
                                    String errorCode, Instant at) throws SQLException {
    Optional<OutboxStatus> status = partStatus(state);
    if (status.isEmpty()) {
      return false;
    }
    String error = status.get() == OutboxStatus.DELIVERED ? null
        : state.name().toLowerCase(java.util.Locale.ROOT) + (errorCode.isEmpty() ? "" : " (error " + errorCode + ")");
    try (var update = connection.prepareStatement("UPDATE outbox_parts SET status = ?, error = ?, updated_at = ?"
        + " WHERE outbox_id = ? AND seq = ? AND status = 'submitted'")) {
      update.setString(1, status.get().sql());
      update.setString(2, error);
      update.setObject(3, timestamp(at));
      update.setLong(4, id);
      update.setInt(5, seq);
      return update.executeUpdate() == 1;
    }
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
  private static Optional<OutboxStatus> settleByParts(Connection connection, long id) throws SQLException {
    int parts = 0;
    int delivered = 0;
    Optional<String> failed = Optional.empty();
    Optional<String> expired = Optional.empty();
    Instant last = Instant.EPOCH;
    try (var select = connection.prepareStatement("SELECT status, error, updated_at FROM outbox_parts"
        + " WHERE outbox_id = ? ORDER BY seq")) {
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
    try (var update = connection.prepareStatement("UPDATE outbox SET status = ?, error = ?, delivered_at = ?,"
        + " updated_at = ? WHERE id = ? AND status = 'submitted'")) {
      update.setString(1, to.sql());
      update.setString(2, error);
      update.setObject(3, to == OutboxStatus.DELIVERED ? timestamp(last) : null);
      update.setObject(4, timestamp(last));
      update.setLong(5, id);
      return update.executeUpdate() == 1 ? Optional.of(to) : Optional.empty();
    }
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    try (var connection = database.connection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private <T> T transaction(Work<T> work) {
    try (var connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        database.flush(); // durable before anything acts on it: a claim must survive a kill, or a row is sent twice
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** One statement, committed and flushed to the file before it returns (see {@code Database#flush}). */
  private int update(String sql, Object... params) {
    int changed = read(connection -> {
      try (var statement = connection.prepareStatement(sql)) {
        bind(statement, params);
        return statement.executeUpdate();
      }
    });
    database.flush();
    return changed;
  }

  private static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (params[i] instanceof OptionalInt number) {
        if (number.isPresent()) {
          statement.setInt(i + 1, number.getAsInt());
        } else {
          statement.setNull(i + 1, Types.INTEGER);
        }
      } else if (params[i] == null) {
        statement.setNull(i + 1, Types.VARCHAR); // only text columns are bound as null
      } else {
        statement.setObject(i + 1, params[i]);
      }
    }
  }

  private StoreException failure(SQLException e) {
    return new StoreException("outbox: cannot use " + database.location() + ": " + e.getMessage(), e);
  }

  // OffsetDateTime rather than Instant: PostgreSQL's driver accepts only the former for timestamptz.
  static OffsetDateTime timestamp(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
