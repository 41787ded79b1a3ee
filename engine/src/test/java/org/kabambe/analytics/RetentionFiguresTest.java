package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.api.Audit;
import org.kabambe.retention.RetentionPurge;
import org.kabambe.retention.RetentionSettings;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * The retention purge on either database: raw rows past their retention go, recent ones stay, rows the rollup has
 * not counted stay whatever their age, and the figures of the purged months are the same before and after (and
 * after a restart of the rollup).
 */
@Tag("database")
class RetentionFiguresTest {
  static final Instant START = SyntheticLog.START;
  static final Instant NOW = START.plus(Duration.ofDays(200));
  static final Period ALL = new Period(LocalDate.ofInstant(START, ZoneOffset.UTC),
      LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(1), Optional.empty());
  static final RetentionSettings NINETY_DAYS = new RetentionSettings(Optional.of(Duration.ofDays(90)),
      Optional.of(Duration.ofDays(90)), Optional.of(Duration.ofDays(30)), Optional.of(Duration.ofDays(30)),
      Optional.of(Duration.ofDays(30)));
  /** Batches of 7 rows, no pause: several batches per table in a test. */
  static final RetentionPurge.Settings SMALL = new RetentionPurge.Settings(7, Duration.ZERO, Duration.ofDays(1),
      Duration.ZERO);

  Database db;
  RetentionPurge purge;

  @BeforeEach
  void open() {
    db = TestDatabases.open();
    purge = new RetentionPurge(db, NINETY_DAYS, new MutableClock(NOW), SMALL);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void oldCountedRowsGoRecentAndUncountedStayAndTheFiguresDoNotChange() throws Exception {
    var rollup = new Rollup(db, new Rollup.Settings(50, Duration.ofHours(24)), Rollup.Listener.NONE);
    long uncountedEvents;
    try (var log = new SyntheticLog(db)) {
      log.participants(0, 40); // 200 days old
      rollup.catchUp();
      uncountedEvents = log.participants(40, 60); // as old, but not counted yet
    }
    long uncountedAnswers = count("answers WHERE phone >= '" + SyntheticLog.phone(40) + "'");
    FlowFigures counted = figures();
    List<AnswerCount> countedResults = results();

    purge.run();
    assertEquals(uncountedEvents, count("events"), "only the uncounted events are left");
    assertEquals(uncountedAnswers, count("answers"), "only the uncounted answers are left");
    assertEquals(counted, figures(), "the purged rows' figures are kept");
    assertEquals(countedResults, results());

    rollup.catchUp(); // now the rest is counted too, and a recent run comes in
    try (var log = new SyntheticLog(db)) {
      log.shortRun("+265799000001", "ussd", 199);
    }
    rollup.catchUp();
    FlowFigures before = figures();
    List<AnswerCount> resultsBefore = results();
    assertEquals(60 + 1, before.runs());

    var second = purge.run();
    assertEquals(uncountedEvents, second.events());
    assertEquals(uncountedAnswers, second.answers());
    assertEquals(6, count("events"), "the recent run's events stay");
    assertEquals(1, count("answers"), "the recent run's answer stays");
    assertEquals(before, figures());
    assertEquals(resultsBefore, results());

    assertEquals(0, new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp(),
        "a restarted rollup finds nothing to count again");
    assertEquals(before, figures());
    assertEquals(0, purge.run().total(), "a further pass finds nothing to purge");
  }

  @Test
  void endedConversationsMessageTextsAndAuditRowsGoWhenOld() throws Exception {
    Instant old = NOW.minus(Duration.ofDays(31));
    Instant recent = NOW.minus(Duration.ofDays(29));
    conversation("+265700000001", true, old); // goes
    conversation("+265700000002", true, recent);
    conversation("+265700000003", false, old); // still in progress: stays, however old
    message("delivered", old, "goes blank");
    message("queued", old, "still to send");
    message("failed", recent, "recent");
    try (var c = db.connection()) {
      Audit.record(c, old, "cli", "token_create", "old", "");
      Audit.record(c, recent, "cli", "token_create", "recent", "");
    }
    FlowFigures before = figures();

    var purged = purge.run();

    assertEquals(1, purged.conversations());
    assertEquals(List.of("+265700000002", "+265700000003"), texts("SELECT phone FROM conversations ORDER BY phone"));
    assertEquals(1, purged.outboxBodies());
    assertEquals(List.of("", "still to send", "recent"), texts("SELECT text FROM outbox ORDER BY id"));
    assertEquals(before.messages(), figures().messages(), "the message figures still count every message");
    assertEquals(1, purged.audit());
    assertEquals(List.of("recent", ""), texts("SELECT target FROM audit ORDER BY id"), "old row gone, the pass "
        + "recorded");
    assertEquals(0, purge.run().total(), "a further pass finds nothing to purge");
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private FlowFigures figures() {
    return new Figures(db).flow(SyntheticLog.FLOW, ALL, RollupFiguresTest.QUESTIONS);
  }

  private List<AnswerCount> results() {
    return new Figures(db).results(SyntheticLog.FLOW, ALL, Breakdown.ARM);
  }

  private long count(String tableAndCondition) throws SQLException {
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM " + tableAndCondition)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<String> texts(String sql) throws SQLException {
    var out = new java.util.ArrayList<String>();
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  private void conversation(String phone, boolean ended, Instant updated) throws SQLException {
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO conversations (phone, channel, flow_id,"
        + " state, started_at, updated_at, ended) VALUES (?, 'ussd', 'survey', ?, ?, ?, ?)")) {
      s.setString(1, phone);
      s.setBytes(2, new byte[] {1, 2, 3});
      s.setObject(3, SqlTimes.of(updated));
      s.setObject(4, SqlTimes.of(updated));
      s.setBoolean(5, ended);
      s.executeUpdate();
    }
  }

  private void message(String status, Instant at, String text) throws SQLException {
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at,"
        + " updated_at, next_attempt_at) VALUES ('+265700000009', ?, ?, ?, ?, ?)")) {
      s.setString(1, text);
      s.setString(2, status);
      s.setObject(3, SqlTimes.of(at));
      s.setObject(4, SqlTimes.of(at));
      s.setObject(5, SqlTimes.of(at));
      s.executeUpdate();
    }
  }
}
