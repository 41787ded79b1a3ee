package org.kabambe.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * The outbox's database: its reads (due rows, rows a crash left 'submitting', a phone's messages) and its
 * transactions, which commit and flush before they return. The moves themselves, in a transaction, are
 * {@link OutboxTransitions} and {@link PartReceipts}. Blocking JDBC: worker threads only.
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

  /** Deletes receipts kept early before {@code before} (their submit result never came); returns how many. */
  int purgeEarlyReceipts(Instant before) {
    return transaction(sql -> sql.update("DELETE FROM early_receipts WHERE kept_at < ?", timestamp(before)));
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

  private StoreException failure(SQLException e) {
    return new StoreException("outbox: cannot use " + database.location() + ": " + e.getMessage(), e);
  }

  // OffsetDateTime rather than Instant: PostgreSQL's driver accepts only the former for timestamptz.
  static OffsetDateTime timestamp(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
