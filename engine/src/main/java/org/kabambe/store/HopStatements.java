package org.kabambe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.List;

/**
 * The writer's prepared statements on its connection, one JDBC batch per table. {@link #write} writes the
 * conversations first (checked against the version each hop read), then binds and sends the other rows of the
 * hops that won only. Prepared once per connection, reused for every batch.
 */
final class HopStatements implements AutoCloseable {
  private static final String INSERT_ANSWER = "INSERT INTO answers (session_id, phone, channel, flow_id, flow_hash, "
      + "node_id, name, value_text, value_number, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_EVENT = "INSERT INTO events (at, type, phone, channel, flow_id, flow_hash, "
      + "node_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_OUTBOX = "INSERT INTO outbox (phone, text, status, created_at, updated_at, "
      + "next_attempt_at, attempts, kind) VALUES (?, ?, 'queued', ?, ?, ?, 0, ?)";

  private static final String RELEASE_HELD = "UPDATE outbox SET next_attempt_at = ? WHERE phone = ? "
      + "AND status = 'queued' AND next_attempt_at > ?";

  // The last batch whose rows are in the database, written in that batch's transaction (see HopJournal).
  private static final String MARK_APPLIED = "UPDATE writer_journal SET applied_seq = ? WHERE id = 1";

  private static final String SETTLE_FLOW_START = "UPDATE flow_starts SET status = ?, done_at = ?, detail = ? "
      + "WHERE id = ? AND status = 'pending'";

  private final ConversationStatements conversations;
  private final PreparedStatement answers;
  private final PreparedStatement events;
  private final PreparedStatement outbox;
  private final ContactStatements contacts;
  private final PreparedStatement release;
  private final SubscriptionStatements subscriptions;
  private final PreparedStatement flowStarts;
  private final PreparedStatement applied;
  private int flowStartRows;
  private int releaseRows;
  private int answerRows;
  private int eventRows;
  private int outboxRows;

  HopStatements(Connection connection, Dialect dialect) throws SQLException {
    conversations = new ConversationStatements(connection, dialect);
    answers = connection.prepareStatement(INSERT_ANSWER);
    events = connection.prepareStatement(INSERT_EVENT);
    outbox = connection.prepareStatement(INSERT_OUTBOX);
    contacts = new ContactStatements(connection, dialect);
    release = connection.prepareStatement(RELEASE_HELD);
    subscriptions = new SubscriptionStatements(connection);
    flowStarts = connection.prepareStatement(SETTLE_FLOW_START);
    applied = connection.prepareStatement(MARK_APPLIED);
  }

  /** The number of the last batch the database holds (0 for none yet). */
  static long appliedSeq(Connection connection) throws SQLException {
    try (var st = connection.createStatement();
         var rs = st.executeQuery("SELECT applied_seq FROM writer_journal WHERE id = 1")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Records, in the open transaction, that batch {@code seq} is in the database. */
  void markApplied(long seq) throws SQLException {
    applied.setLong(1, seq);
    applied.executeUpdate();
  }

  /** What {@link #write} did: the rows written, and the positions of the hops not written at all. */
  record Written(int rows, BitSet moved) {}

  /**
   * Writes {@code hops} in the open transaction: each hop's conversation first, then the rest of the hops whose
   * conversation was written (or that write none). A hop whose conversation moved on (another node wrote it since
   * the hop read it) writes nothing: its answers, events, outbox, contact and flow-start rows are not even bound.
   */
  Written write(List<HopWrite> hops) throws SQLException {
    try {
      Written conversationsWritten = conversations.write(hops);
      BitSet moved = conversationsWritten.moved();
      for (int i = 0; i < hops.size(); i++) {
        if (!moved.get(i)) add(hops.get(i));
      }
      return new Written(conversationsWritten.rows() + execute(), moved);
    } finally {
      clear();
    }
  }

  // Everything of a hop but its conversation.
  private void add(HopWrite hop) throws SQLException {
    for (AnswerRow a : hop.answers()) {
      answers.setString(1, a.sessionId());
      answers.setString(2, a.phone());
      answers.setString(3, a.channel());
      answers.setString(4, a.flowId());
      answers.setString(5, a.flowHash());
      answers.setString(6, a.nodeId());
      answers.setString(7, a.name());
      answers.setString(8, a.valueText());
      if (a.valueNumber().isPresent()) {
        answers.setDouble(9, a.valueNumber().getAsDouble());
      } else {
        answers.setNull(9, Types.DOUBLE);
      }
      answers.setObject(10, timestamp(a.at()));
      answers.addBatch();
      answerRows++;
    }
    for (EventRow e : hop.events()) {
      events.setObject(1, timestamp(e.at()));
      events.setString(2, e.type());
      events.setString(3, e.phone());
      events.setString(4, e.channel());
      events.setString(5, nullIfEmpty(e.flowId()));
      events.setString(6, nullIfEmpty(e.flowHash()));
      events.setString(7, nullIfEmpty(e.nodeId()));
      events.setString(8, nullIfEmpty(e.detail()));
      events.addBatch();
      eventRows++;
      if (SubscriptionStatements.concerns(e)) subscriptions.apply(e); // in the hop's transaction, in order
    }
    for (OutboxRow o : hop.outbox()) {
      OffsetDateTime created = timestamp(o.createdAt());
      outbox.setString(1, o.phone());
      outbox.setString(2, o.text());
      outbox.setObject(3, created);
      outbox.setObject(4, created);
      outbox.setObject(5, timestamp(o.notBefore()));
      outbox.setString(6, o.kind());
      outbox.addBatch();
      outboxRows++;
    }
    if (hop.contact().isPresent()) contacts.add(hop.contact().get());
    if (hop.release().isPresent()) {
      HopWrite.HeldSmsRelease r = hop.release().get();
      release.setObject(1, timestamp(r.at()));
      release.setString(2, r.phone());
      release.setObject(3, timestamp(r.at()));
      release.addBatch();
      releaseRows++;
    }
    if (hop.flowStart().isPresent()) {
      HopWrite.FlowStartDone f = hop.flowStart().get();
      flowStarts.setString(1, f.started() ? "started" : "skipped");
      flowStarts.setObject(2, timestamp(f.at()));
      flowStarts.setString(3, f.detail());
      flowStarts.setLong(4, f.id());
      flowStarts.addBatch();
      flowStartRows++;
    }
  }

  /** Sends the pending batches but the conversations'; returns the number of rows written. */
  private int execute() throws SQLException {
    int rows = answerRows + eventRows + outboxRows;
    try {
      rows += contacts.execute();
      if (answerRows > 0) {
        answers.executeBatch();
      }
      if (eventRows > 0) {
        events.executeBatch();
      }
      if (outboxRows > 0) {
        outbox.executeBatch();
      }
      if (releaseRows > 0) { // after the inserts: a session's last hop may queue SMS and release them at once
        release.executeBatch();
        rows += releaseRows;
      }
      if (flowStartRows > 0) {
        for (int n : flowStarts.executeBatch()) {
          // Not pending any more: another hop started it, or it was skipped. Fail rather than start it twice.
          if (n != 1) throw new SQLException("a recorded flow start was no longer pending");
        }
        rows += flowStartRows;
      }
    } finally {
      clear();
    }
    return rows;
  }

  /** Forgets rows added but not executed (after a failure). */
  void clear() throws SQLException {
    conversations.clear();
    answers.clearBatch();
    events.clearBatch();
    outbox.clearBatch();
    contacts.clear();
    release.clearBatch();
    flowStarts.clearBatch();
    releaseRows = flowStartRows = 0;
    answerRows = eventRows = outboxRows = 0;
  }

  @Override
  public void close() throws SQLException {
    conversations.close();
    answers.close();
    events.close();
    outbox.close();
    contacts.close();
    release.close();
    subscriptions.close();
    flowStarts.close();
    applied.close();
  }

  // OffsetDateTime rather than Instant: PostgreSQL's driver accepts only the former for timestamptz.
  static OffsetDateTime timestamp(Instant at) {
    return SqlTimes.of(at);
  }

  private static String nullIfEmpty(String s) {
    return s.isEmpty() ? null : s;
  }
}
