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

  /**
   * Queued rows due at the first parameter, at most the second's, highest priority first, then oldest (ordered as
   * the outbox_due_order index is), leaving out a row while its number has an earlier one (higher priority, or the
   * same and older) that was tried and is queued again: a throttled message backing off is not overtaken by the next
   * message to its number.
   */
  static final String DUE = "SELECT id, phone, text, sender, created_at, expires_at, attempts, kind FROM outbox o"
      // "status" leads the ORDER BY (it is constant here) so that H2 reads outbox_due_order in order and stops
      // after the limit; without it H2 read and sorted the whole queue on every poll.
      + " WHERE status = 'queued' AND next_attempt_at <= ?"
      // A seek in outbox_phone (phone, status): a number has few queued rows.
      + " AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.phone = o.phone AND b.status = 'queued'"
      + " AND b.attempts > 0 AND (b.priority > o.priority OR (b.priority = o.priority AND b.id < o.id)))"
      + " ORDER BY status, priority DESC, next_attempt_at, id FETCH FIRST ? ROWS ONLY";

  /** The first {@code limit} rows of {@link #DUE} at {@code now}. */
  List<DueRow> due(Instant now, int limit) {
    return read(connection -> {
      try (var select = connection.prepareStatement(DUE)) {
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

  /** Moves a row between statuses, recording why; false when it was no longer in {@code from}. */
  static boolean settle(Statements sql, long id, OutboxStatus from, OutboxStatus to, OptionalInt status, String error,
                        Instant now) throws SQLException {
    return update(sql, "UPDATE outbox SET status = ?, smpp_status = ?, error = ?, updated_at = ? WHERE id = ?"
        + " AND status = ?", to.sql(), status, error, timestamp(now), id, from.sql()) == 1;
  }

  /** Submitting -> queued, due again at {@code next}. */
  static boolean requeue(Statements sql, long id, OptionalInt status, String reason, Instant next, Instant now)
      throws SQLException {
    return update(sql, "UPDATE outbox SET status = 'queued', next_attempt_at = ?, smpp_status = ?, error = ?,"
        + " claimed_by = NULL, updated_at = ? WHERE id = ? AND status = 'submitting'", timestamp(next), status,
        reason, timestamp(now), id) == 1;
  }

  /** Puts a queued row off until {@code next} without counting an attempt (its provider is not ready). */
  static void defer(Statements sql, long id, Instant next, Instant now) throws SQLException {
    update(sql, "UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
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

  /** Rows this node claimed but never recorded a result for: a crash between claim and result. */
  List<Long> interrupted(String node) {
    return submittingIds("(claimed_by = ? OR claimed_by IS NULL)", node);
  }

  /**
   * Rows another node claimed for {@code provider} and never recorded a result for: that node died or lost the
   * provider's singleton mid-submit, and this node has just taken the provider over.
   */
  List<Long> abandoned(String provider, String node) {
    return submittingIds("provider = ? AND (claimed_by <> ? OR claimed_by IS NULL)", provider, node);
  }

  /** Ids of rows left 'submitting' that meet {@code condition} (its parameters: {@code values}), in id order. */
  private List<Long> submittingIds(String condition, String... values) {
    return read(connection -> {
      try (var select = connection.prepareStatement("SELECT id FROM outbox WHERE status = 'submitting' AND "
          + condition + " ORDER BY id")) {
        for (int i = 0; i < values.length; i++) {
          select.setString(i + 1, values[i]);
        }
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
    var settled = new ArrayList<OutboxStatus>();
    if (moved.isEmpty() || !anyEarlyReceipts(sql)) { // nearly always: skip a lookup per part
      return settled;
    }
    for (Acceptance a : moved) {
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

  /** Deletes receipts kept early before {@code before} (their submit result never came); returns how many. */
  int purgeEarlyReceipts(Instant before) {
    return transaction(sql -> update(sql, "DELETE FROM early_receipts WHERE kept_at < ?", timestamp(before)));
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
      update(sql, "DELETE FROM early_receipts WHERE provider_id = ? AND provider = ?", providerId, provider);
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
        : state.name().toLowerCase(java.util.Locale.ROOT) + (errorCode.isEmpty() ? "" : " (error " + errorCode + ")");
    return update(sql, "UPDATE outbox_parts SET status = ?, error = ?, updated_at = ? WHERE outbox_id = ? AND seq = ?"
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

  /** Work inside one transaction. */
  interface Work<T> {
    T run(Statements sql) throws SQLException;
  }

  private interface Read<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Read<T> work) {
    try (var connection = database.connection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Runs {@code work} in one transaction, commits, and flushes the file before returning: durable before anything
   * acts on it (a claim must survive a kill, or a row is sent twice).
   */
  <T> T transaction(Work<T> work) {
    try (var session = new Session()) {
      T result = session.commit(work);
      flush();
      return result;
    }
  }

  /** Writes every transaction committed so far to the file (see {@link Database#flush}). */
  void flush() {
    database.flush();
  }

  /**
   * A connection kept by one thread for many transactions, with its statements prepared once (the recorder's: a
   * connection per round re-parsed every statement every round). After a failure it starts afresh.
   */
  final class Session implements AutoCloseable {
    private Connection connection;
    private Statements statements;

    /** Runs {@code work} in one transaction and commits; NOT flushed (call {@link #flush} before acting on it). */
    <T> T commit(Work<T> work) {
      try {
        if (connection == null) {
          connection = database.connection();
          connection.setAutoCommit(false);
          statements = new Statements(connection);
        }
        T result = work.run(statements);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        close(); // rolls back: H2 rolls back what a closed connection left uncommitted
        throw e instanceof SQLException sql ? failure(sql) : (RuntimeException) e;
      }
    }

    @Override
    public void close() {
      if (connection == null) {
        return;
      }
      try (var closing = connection; var prepared = statements) {
        closing.rollback();
        closing.setAutoCommit(true); // back to the pool as the pool lent it
      } catch (SQLException e) {
        // Closing after a failure (or at the end): nothing left to keep.
      } finally {
        connection = null;
        statements = null;
      }
    }
  }

  /** One statement in the caller's transaction; returns the rows it changed. */
  private static int update(Statements sql, String statement, Object... params) throws SQLException {
    var prepared = sql.get(statement);
    bind(prepared, params);
    return prepared.executeUpdate();
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
