package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.export.Pseudonyms;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.TestDatabases;

/**
 * The rollup's counting rules on synthetic logs whose answers are known: a run counts its final answer per
 * question (Back and answer again replaces, also across a restart, and moves the run's pairs in the cross-tab
 * table), the web simulator's numbers stay out of the programme figures, and answers split by a contact field.
 */
@Tag("database")
class RollupRulesTest {
  static final Period DAY = RollupFiguresTest.DAY;
  static final Rollup.Settings SMALL_BATCHES = new Rollup.Settings(11, Duration.ofHours(24));

  Database db;

  @BeforeEach
  void open() {
    db = TestDatabases.open();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aRunCountsItsFinalAnswerOnlyEvenAcrossARestart() throws Exception {
    int n = 40;
    try (var log = new SyntheticLog(db)) {
      for (int i = 0; i < n; i++) log.reanswerFirstPart(i);
      // Rolled up between the two answers, by one instance; the second answer by a fresh one (state from the DB).
      new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE).catchUp();
      assertEquals(Map.of("yes", (long) n), answers("q1", Breakdown.NONE));
      for (int i = 0; i < n; i++) log.reanswerSecondPart(i);
    }
    new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE).catchUp();

    assertEquals(Map.of("no", (long) n), answers("q1", Breakdown.NONE), "the changed answer replaced the first");
    assertEquals(Map.of("no split/0:q1", (long) n / 2, "no split/1:q1", (long) n / 2), answers("q1", Breakdown.ARM));
    assertEquals(Map.of("30", (long) n), answers("age", Breakdown.NONE));
    assertEquals(Map.of(SyntheticLog.Q2, (long) n), answers("q2", Breakdown.NONE));
    var figures = new Figures(db).flow(SyntheticLog.FLOW, DAY, RollupFiguresTest.QUESTIONS);
    assertEquals(n, figures.completed());
    assertEquals(n, figures.participants());
    // Every answer given stays in the raw table and the export (with its time): only the counts take the last.
    var csv = new StringWriter();
    new ResultsExport(db, Pseudonyms.of(db)).write(SyntheticLog.FLOW, Questions.NONE, false, csv);
    assertEquals(n * 2, csv.toString().lines().filter(l -> l.contains(",q1,q1,")).count());
  }

  @Test
  void aChangedAnswerMovesTheRunsPairsInTheCrossTabEvenAcrossARestart() throws Exception {
    int n = 40;
    Function<String, Set<String>> paired = flowId -> Set.of("consent", "age", "q1"); // q2 (free text) is not
    try (var log = new SyntheticLog(db)) {
      for (int i = 0; i < n; i++) log.reanswerFirstPart(i);
      new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE, Set::of, paired).catchUp();
      assertEquals(Map.of("30", Map.of("yes", (long) n)), finalPairs("age", "q1"));
      assertEquals(finalPairs("age", "q1"), crossTab("age", "q1").cells());
      for (int i = 0; i < n; i++) log.reanswerSecondPart(i);
    }
    // A fresh instance: the runs' earlier answers come from flow_runs.answered.
    new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE, Set::of, paired).catchUp();

    assertEquals(Map.of("30", Map.of("no", (long) n)), finalPairs("age", "q1"), "the raw answers' final q1 is no");
    assertEquals(finalPairs("age", "q1"), crossTab("age", "q1").cells(), "the pairs moved with the answer");
    assertEquals(finalPairs("q1", "consent"), crossTab("q1", "consent").cells(), "kept once, read either way");
    Tabulated q2 = crossTab("consent", "q2");
    assertEquals(Map.of(), q2.cells(), "q2 is not paired");
    assertEquals(n, q2.withoutRowValue(), "its answers are counted apart");
  }

  /** A cross-tab as row value to column value to count (zeros left out), and its answers without a row value. */
  private record Tabulated(Map<String, Map<String, Long>> cells, long withoutRowValue) {}

  private Tabulated crossTab(String rows, String column) {
    CrossTab.Table t = new CrossTab(db).count(SyntheticLog.FLOW, DAY, new CrossTab.Rows(rows, false), column);
    var cells = new HashMap<String, Map<String, Long>>();
    for (int r = 0; r < t.rowValues().size(); r++) {
      for (int k = 0; k < t.columnValues().size(); k++) {
        if (t.counts()[r][k] == 0) continue;
        cells.computeIfAbsent(t.rowValues().get(r), v -> new HashMap<>()).put(t.columnValues().get(k),
            t.counts()[r][k]);
      }
    }
    return new Tabulated(cells, t.withoutRowValue());
  }

  /** From the raw answers (one run per number in these logs): each run's last answers to the two questions. */
  private Map<String, Map<String, Long>> finalPairs(String row, String column) throws Exception {
    var last = new HashMap<String, Map<String, String>>();
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT phone, name, value_text FROM answers ORDER BY at, id")) {
      while (rs.next()) {
        last.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
      }
    }
    var out = new HashMap<String, Map<String, Long>>();
    for (Map<String, String> run : last.values()) {
      if (run.containsKey(row) && run.containsKey(column)) {
        out.computeIfAbsent(run.get(row), k -> new HashMap<>()).merge(run.get(column), 1L, Long::sum);
      }
    }
    return out;
  }

  @Test
  void aParticipantAssignedTwiceInOneBatchKeepsOneArm() throws Exception {
    // Starting the flow again (a re-dial, a retry on another node) assigns the arm again; both assignments in one
    // batch made PostgreSQL's multi-row upsert touch the row twice, and the rollup failed on that batch for good.
    try (var log = new SyntheticLog(db)) {
      log.reanswerFirstPart(1);
      log.reanswerFirstPart(1);
    }
    new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*), MIN(arm) FROM participant_arms")) {
      rs.next();
      assertEquals(1, rs.getLong(1));
      assertEquals("split/1:q1", rs.getString(2));
    }
  }

  @Test
  void theSameLogInOneRollupGivesTheSameCounts() throws Exception {
    try (var log = new SyntheticLog(db)) {
      for (int i = 0; i < 10; i++) {
        log.reanswerFirstPart(i);
        log.reanswerSecondPart(i);
      }
    }
    new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
    assertEquals(Map.of("no", 10L), answers("q1", Breakdown.NONE));
  }

  @Test
  void participantsCountOncePerPeriodAndChannel() throws Exception {
    try (var log = new SyntheticLog(db)) {
      log.shortRun("+1", "ussd", 0); // +1: a run on day 1, two on day 2 (USSD, SMS), one on day 3
      log.shortRun("+1", "ussd", 1);
      log.shortRun("+1", "sms", 1);
      log.shortRun("+2", "sms", 1); // +2: day 2 only
      log.shortRun("+1", "ussd", 2);
    }
    new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE).catchUp();
    LocalDate d1 = DAY.from();
    // From the flow's first day on, the per-day sums; from a later day, distinct numbers over the runs.
    assertEquals(2, participants(d1, d1.plusDays(3), null));
    assertEquals(1, participants(d1, d1.plusDays(1), null));
    assertEquals(2, participants(d1, d1.plusDays(2), null));
    assertEquals(2, participants(d1.plusDays(1), d1.plusDays(2), null));
    assertEquals(1, participants(d1.plusDays(2), d1.plusDays(3), null));
    assertEquals(1, participants(d1, d1.plusDays(3), "ussd"));
    assertEquals(2, participants(d1, d1.plusDays(3), "sms"));
    assertEquals(2, participants(d1.plusDays(1), d1.plusDays(3), "sms"));
    assertEquals(5, new Figures(db).flow(SyntheticLog.FLOW, new Period(d1, d1.plusDays(3), Optional.empty()),
        Set.of()).runs());
  }

  /** After a downgrade, rows of a newer version's event type must not stop the figures. */
  @Test
  void anEventTypeThisVersionDoesNotWriteIsCountedByNameAndOtherwiseSkipped() throws Exception {
    try (var log = new SyntheticLog(db)) {
      log.shortRun("+1", "ussd", 0);
      log.single("+1", "ussd", "survey_paused");
      log.shortRun("+2", "ussd", 0);
    }
    var live = new LiveCounts(java.time.Clock.fixed(SyntheticLog.START, java.time.ZoneOffset.UTC));
    new Rollup(db, SMALL_BATCHES, live).catchUp();
    FlowFigures f = new Figures(db).flow(SyntheticLog.FLOW, DAY, Set.of());
    assertEquals(1L, f.events().get("survey_paused"));
    assertEquals(2, f.completed(), "the events after it were applied");
    assertEquals(2L, f.sessions());
    assertEquals(2L, live.last(Duration.ofMinutes(5)).get("sessions_completed"));
  }

  private long participants(LocalDate from, LocalDate to, String channel) {
    return new Figures(db).flow(SyntheticLog.FLOW, new Period(from, to, Optional.ofNullable(channel)), Set.of())
        .participants();
  }

  @Test
  void simulatorSessionsStayOutOfTheProgrammeFigures() throws Exception {
    int n = 100;
    int simulated = 20;
    try (var log = new SyntheticLog(db)) {
      log.participants(0, n);
      for (int i = n; i < n + simulated; i++) log.participantAs(i, String.format("+4477009009%02d", i - n));
    }
    new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE).catchUp();
    var figures = new Figures(db);

    // Without a channel: exactly the figures of the hundred real participants.
    FlowFigures all = figures.flow(SyntheticLog.FLOW, DAY, RollupFiguresTest.QUESTIONS);
    assertEquals(n, all.participants());
    assertEquals(n, all.runs());
    assertEquals(n * 7 / 10, all.completed());
    assertEquals(n, all.sessions());
    assertEquals(n, figures.funnel(SyntheticLog.FLOW, DAY).stream().filter(s -> s.nodeId().equals("consent"))
        .findFirst().orElseThrow().reached());
    assertEquals(Map.of("yes", (long) n * 4 / 10, "no", (long) n * 3 / 10), answers("q1", Breakdown.NONE));
    assertEquals(n * 7 / 10, figures.segmentSize(Segment.COMPLETED_AT_LEAST, DAY, 1));

    // Asked for, the simulator's own figures: twenty runs, fourteen completed (paths as for anyone).
    var sim = new Period(DAY.from(), DAY.to(), Optional.of(SimulatedNumbers.CHANNEL));
    FlowFigures s = figures.flow(SyntheticLog.FLOW, sim, RollupFiguresTest.QUESTIONS);
    assertEquals(simulated, s.runs());
    assertEquals(simulated, s.participants());
    assertEquals(simulated * 7 / 10, s.completed());
    assertEquals(Map.of("split/0:q1", 10L, "split/1:q1", 8L, "", 2L), figures.arms(SyntheticLog.FLOW, sim).stream()
        .collect(Collectors.toMap(ArmFigures::arm, ArmFigures::participants)));

    var csv = new StringWriter();
    new ResultsExport(db, Pseudonyms.of(db)).write(SyntheticLog.FLOW, Questions.NONE, true, csv);
    assertEquals(0, csv.toString().lines().filter(l -> l.startsWith("+4477009009")).count(), "not exported");
  }

  @Test
  void answersSplitByAContactFieldAsTheContactWasWhenCounted() throws Exception {
    int n = 30;
    // Participants 0-9 live in the north, 10-19 in the south, 20-29 have no contact row (no district).
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, opted_out,"
        + " created_at, field_values) VALUES (?, 'en', FALSE, ?, ?)")) {
      for (int i = 0; i < 20; i++) {
        s.setString(1, SyntheticLog.phone(i));
        s.setObject(2, SqlTimes.of(Instant.parse("2025-01-01T00:00:00Z")));
        s.setString(3, "{\"district\":\"" + (i < 10 ? "north" : "south") + "\",\"name\":\"P" + i + "\"}");
        s.executeUpdate();
      }
    }
    var fields = Set.of("district");
    try (var log = new SyntheticLog(db)) {
      for (int i = 0; i < n; i++) log.reanswerFirstPart(i);
      new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE, () -> fields).catchUp();
      // Participant 0 moves east (a flow's contact: action: the writer commits the event with the row) before
      // changing the answer to q1.
      moveEast(db, true);
      for (int i = 0; i < n; i++) log.reanswerSecondPart(i);
    }
    new Rollup(db, SMALL_BATCHES, Rollup.Listener.NONE, () -> fields).catchUp();
    assertEquals(Map.of("no east", 1L, "no north", 9L, "no south", 10L, "no ", 10L),
        answers("q1", Breakdown.field("district")), "the final answer counts where the contact was when given");
    assertEquals(Map.of("yes north", 10L, "yes south", 10L, "yes ", 10L),
        answers("consent", Breakdown.field("district")), "answers counted before the move stay where they were");

    // An instance that has the contact in memory follows its events (here the row is left as it was, so only the
    // event can tell it): the replaced answer leaves north, the final one counts east.
    var sameInstance = TestDatabases.open();
    try (sameInstance) {
      try (var c = sameInstance.connection(); var s = c.createStatement()) {
        s.execute("INSERT INTO contacts (phone, language, opted_out, created_at, field_values) VALUES ('"
            + SyntheticLog.phone(0) + "', 'en', FALSE, CURRENT_TIMESTAMP, '{\"district\":\"north\"}')");
      }
      var rollup = new Rollup(sameInstance, SMALL_BATCHES, Rollup.Listener.NONE, () -> fields);
      try (var log = new SyntheticLog(sameInstance)) {
        log.reanswerFirstPart(0);
        rollup.catchUp();
        moveEast(sameInstance, false);
        log.reanswerSecondPart(0);
      }
      rollup.catchUp();
      var byDistrict = new Figures(sameInstance).results(SyntheticLog.FLOW, DAY, Breakdown.field("district"));
      assertEquals(List.of("q1 no east 1"), byDistrict.stream().filter(a -> a.name().equals("q1"))
          .map(a -> a.name() + " " + a.value() + " " + a.group() + " " + a.count()).toList(),
          "the replaced answer left north; the final one counts where the contact was when it was given");
      assertEquals(List.of("consent yes north 1"), byDistrict.stream().filter(a -> a.name().equals("consent"))
          .map(a -> a.name() + " " + a.value() + " " + a.group() + " " + a.count()).toList());
    }
  }

  private static void moveEast(Database database, boolean row) throws Exception {
    try (var c = database.connection(); var s = c.createStatement()) {
      s.execute("INSERT INTO events (at, type, phone, channel, flow_id, node_id, detail) VALUES (TIMESTAMP WITH"
          + " TIME ZONE '2025-03-01 08:00:35+00', 'contact_updated', '" + SyntheticLog.phone(0) + "', 'ussd',"
          + " 'survey', 'q1', 'district=east')");
      if (row) {
        s.execute("UPDATE contacts SET field_values = '{\"district\":\"east\"}' WHERE phone = '"
            + SyntheticLog.phone(0) + "'");
      }
    }
  }

  private Map<String, Long> answers(String question, Breakdown by) {
    return new Figures(db).results(SyntheticLog.FLOW, DAY, by).stream().filter(a -> a.name().equals(question))
        .collect(Collectors.toMap(a -> by.equals(Breakdown.NONE) ? a.value() : a.value() + " " + a.group(),
            AnswerCount::count));
  }
}
