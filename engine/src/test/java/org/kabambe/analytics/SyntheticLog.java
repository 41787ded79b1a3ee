package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.kabambe.store.Database;

/**
 * Writes a synthetic event log whose figures are known, in JDBC batches (not through the hop writer): participant
 * {@code i} of flow {@code survey} follows one of five paths chosen by {@code i % 10}:
 *
 * <ul>
 *   <li>0–5 complete: consent, age, q1, q2, end (answers consent=yes, age=20+i%3, q1=yes|no by i%2, q2=a text with a
 *       comma and quotes); duration 40 s</li>
 *   <li>6–7 abandon at q1 (after answering consent and age)</li>
 *   <li>8 is dropped by the network at age, resumes, answers and completes; duration 100 s</li>
 *   <li>9 is dropped at consent and never comes back</li>
 * </ul>
 * Every participant is assigned arm {@code i % 2} at node {@code split} after the age question (paths that reach
 * it); participants with {@code i % 5 == 0} use SMS, the others USSD. Participant i starts at {@link #START} + i s.
 */
final class SyntheticLog implements AutoCloseable {
  static final String FLOW = "survey";
  static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
  static final String Q2 = "late, \"maybe\"";

  private final Connection connection;
  private final PreparedStatement events;
  private final PreparedStatement answers;
  private final String flowHash;
  private final int spacing;
  private int pending;

  SyntheticLog(Database database) throws SQLException {
    this(database, "h1", 1);
  }

  /**
   * A log whose runs start on flow version {@code flowHash} ("version 1" still), participant i at {@link #START} +
   * i × {@code spacing} s (scripts/bench-views spreads them over a month).
   */
  SyntheticLog(Database database, String flowHash, int spacing) throws SQLException {
    this.flowHash = flowHash;
    this.spacing = spacing;
    connection = database.connection();
    connection.setAutoCommit(false);
    events = connection.prepareStatement("INSERT INTO events (at, type, phone, channel, flow_id, flow_hash, node_id,"
        + " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    answers = connection.prepareStatement("INSERT INTO answers (session_id, phone, channel, flow_id, flow_hash,"
        + " node_id, name, value_text, value_number, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /**
   * For EXPLAIN tests: a new test database ({@link org.kabambe.testing.TestDatabases#open()}) holding participants
   * {@code [0, n)}, rolled up, its statistics refreshed; the caller closes it.
   */
  static Database analysed(int participants) throws SQLException {
    Database db = org.kabambe.testing.TestDatabases.open();
    try (var log = new SyntheticLog(db)) {
      log.participants(0, participants);
    }
    new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
    try (var c = db.connection()) {
      org.kabambe.testing.QueryPlans.analyze(c);
    }
    return db;
  }

  static String phone(int i) {
    return "+2657" + String.format("%08d", i);
  }

  static String channel(int i) {
    return i % 5 == 0 ? "sms" : "ussd";
  }

  /** Writes participants {@code [from, to)}; returns the events written. */
  long participants(int from, int to) throws SQLException {
    long written = 0;
    for (int i = from; i < to; i++) {
      written += participant(i);
      if (pending >= 5_000) flush();
    }
    flush();
    return written;
  }

  /** Writes participant {@code i}'s usual path, but dialling from {@code phone} (e.g. a simulator number). */
  long participantAs(int i, String phone) throws SQLException {
    int n = participant(new Script(i, phone, "ussd"));
    flush();
    return n;
  }

  /**
   * The first part of a participant who changes an answer: consent, age, then q1 answered "yes" (then
   * {@link #reanswerSecondPart}: Back to q1, "no", q2, end). Arm {@code i % 2} as usual; USSD.
   */
  void reanswerFirstPart(int i) throws SQLException {
    var p = new Script(i, phone(i), "ussd");
    p.event(0, "session_started", "consent", "");
    p.event(0, "flow_started", "", "version 1");
    p.event(0, "node_shown", "consent", "");
    p.answer(10, "consent", "consent", "yes", null);
    p.event(10, "node_shown", "age", "");
    p.answer(20, "age", "age", "30", 30.0);
    p.event(20, "arm_assigned", "split", (i % 2) + ":q1");
    p.event(20, "node_shown", "q1", "");
    p.answer(30, "q1", "q1", "yes", null);
    p.event(30, "node_shown", "q2", "");
    flush();
  }

  /** Back from q2 to q1 (shown again), q1 answered "no" this time, then q2 and the end. */
  void reanswerSecondPart(int i) throws SQLException {
    var p = new Script(i, phone(i), "ussd");
    p.event(40, "node_shown", "q1", "");
    p.answer(50, "q1", "q1", "no", null);
    p.event(50, "node_shown", "q2", "");
    p.answer(60, "q2", "q2", Q2, null);
    p.event(60, "node_shown", "end", "");
    p.event(60, "flow_completed", "end", "");
    p.event(60, "session_completed", "end", "");
    flush();
  }

  /** A short completed run of {@code phone} on {@code channel} starting {@code days} after {@link #START}. */
  void shortRun(String phone, String channel, int days) throws SQLException {
    var p = new Script(0, phone, channel, START.plus(java.time.Duration.ofDays(days)));
    p.event(0, "session_started", "consent", "");
    p.event(0, "flow_started", "", "version 1");
    p.event(0, "node_shown", "consent", "");
    p.answer(10, "consent", "consent", "yes", null);
    p.event(10, "node_shown", "end", "");
    p.event(10, "flow_completed", "end", "");
    p.event(10, "session_completed", "end", "");
    flush();
  }

  /** One event of {@code type} (outside any node) for {@code phone} in the flow, 5 s after {@link #START}. */
  void single(String phone, String channel, String type) throws SQLException {
    new Script(0, phone, channel).event(5, type, "", "");
    flush();
  }

  private int participant(int i) throws SQLException {
    return participant(new Script(i, phone(i), channel(i)));
  }

  private int participant(Script p) throws SQLException {
    int i = p.i;
    int path = i % 10;
    p.event(0, "session_started", "consent", "");
    p.event(0, "flow_started", "", "version 1");
    p.event(0, "node_shown", "consent", "");
    if (path == 9) {
      p.event(5, "session_dropped", "consent", "timeout");
      return p.events;
    }
    p.answer(10, "consent", "consent", "yes", null);
    p.event(10, "node_shown", "age", "");
    if (path == 8) {
      p.event(15, "session_dropped", "age", "timeout");
      p.event(70, "session_resumed", "age", "auto");
      p.event(70, "node_shown", "age", "");
    }
    int t = path == 8 ? 70 : 10;
    p.answer(t + 10, "age", "age", Integer.toString(20 + i % 3), 20.0 + i % 3);
    p.event(t + 10, "arm_assigned", "split", (i % 2) + ":q1");
    p.event(t + 10, "node_shown", "q1", "");
    if (path == 6 || path == 7) {
      p.event(t + 15, "session_abandoned", "q1", "new dial");
      return p.events;
    }
    p.answer(t + 20, "q1", "q1", i % 2 == 0 ? "yes" : "no", null);
    p.event(t + 20, "node_shown", "q2", "");
    p.answer(t + 30, "q2", "q2", Q2, null);
    p.event(t + 30, "node_shown", "end", "");
    p.event(t + 30, "flow_completed", "end", "");
    p.event(t + 30, "session_completed", "end", "");
    return p.events;
  }

  private final class Script {
    final int i;
    final String phone;
    final String channel;
    final Instant start;
    int events;

    Script(int i, String phone, String channel) {
      this(i, phone, channel, START.plusSeconds((long) i * spacing));
    }

    Script(int i, String phone, String channel, Instant start) {
      this.i = i;
      this.phone = phone;
      this.channel = channel;
      this.start = start;
    }

    void event(int second, String type, String node, String detail) throws SQLException {
      SyntheticLog.this.events.setObject(1, at(second));
      SyntheticLog.this.events.setString(2, type);
      SyntheticLog.this.events.setString(3, phone);
      SyntheticLog.this.events.setString(4, channel);
      SyntheticLog.this.events.setString(5, FLOW);
      SyntheticLog.this.events.setString(6, flowHash);
      SyntheticLog.this.events.setString(7, node.isEmpty() ? null : node);
      SyntheticLog.this.events.setString(8, detail.isEmpty() ? null : detail);
      SyntheticLog.this.events.addBatch();
      events++;
      pending++;
    }

    void answer(int second, String node, String name, String text, Double number) throws SQLException {
      answers.setString(1, phone + "@" + start.toEpochMilli());
      answers.setString(2, phone);
      answers.setString(3, channel);
      answers.setString(4, FLOW);
      answers.setString(5, flowHash);
      answers.setString(6, node);
      answers.setString(7, name);
      answers.setString(8, text);
      if (number == null) {
        answers.setNull(9, Types.DOUBLE);
      } else {
        answers.setDouble(9, number);
      }
      answers.setObject(10, at(second));
      answers.addBatch();
      pending++;
    }

    private OffsetDateTime at(int second) {
      return OffsetDateTime.ofInstant(start.plusSeconds(second), ZoneOffset.UTC);
    }
  }

  private void flush() throws SQLException {
    events.executeBatch();
    answers.executeBatch();
    connection.commit();
    pending = 0;
  }

  @Override
  public void close() throws SQLException {
    events.close();
    answers.close();
    connection.close();
  }
}
