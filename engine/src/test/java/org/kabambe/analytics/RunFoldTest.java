package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The run state machine without a database: event sequences in, run states and figure changes out. */
class RunFoldTest {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  static final LocalDate DAY = LocalDate.parse("2026-03-01");
  static final String PHONE = "+254700000001";
  static final Run.RunKey KEY = new Run.RunKey("survey", PHONE, "ussd");

  /** A fold with no earlier runs, and one batch's deltas; events a second apart. */
  private static final class Log {
    final RunFold fold = new RunFold(new RunHistory(100), new ContactValues(100, Set::of), new SentMessages(),
        CrossTabQuestions.NONE);
    final RollupDeltas deltas = new RollupDeltas();
    int second;

    Log event(String type, String nodeId) throws SQLException {
      var e = new Rollup.TailedEvent(++second, T0.plusSeconds(second), type, PHONE, "ussd", "survey", "h1", nodeId,
          "");
      fold.event(e, deltas, RunHistory.Reader.NOTHING);
      return this;
    }

    Log answer(String nodeId, String value) {
      fold.answer(new RunFold.TailedAnswer(++second, T0.plusSeconds(second), PHONE, "ussd", "survey", nodeId, "q",
          value), deltas);
      return this;
    }

    /** Reached and left counts of a node's funnel cell. */
    long[] funnel(String nodeId) {
      return deltas.funnel.getOrDefault(new RollupDeltas.FunnelKey("survey", DAY, "ussd", nodeId), new long[2]);
    }

    /** run_daily's runs, completed, left and open counts (no arm). */
    long[] runDay() {
      deltas.tallyRuns();
      long[] v = deltas.runDays.get(new RollupDeltas.RunDayKey("survey", DAY, "ussd", ""));
      return new long[] {v[0], v[1], v[2], v[3]};
    }

    Run run() {
      return deltas.runs.get(KEY).get(T0.plusSeconds(1));
    }
  }

  @Test
  void aCompletedRunCountsEveryNodeItReachedIncludingTheEndAndItsDuration() throws SQLException {
    var log = new Log().event("flow_started", "").event("node_shown", "name").event("node_shown", "age")
        .event("flow_completed", "thanks");
    assertEquals(Run.Status.COMPLETED, log.run().status);
    assertTrue(log.fold.live(KEY).isEmpty(), "a completed run is no longer live");
    for (String node : new String[] {"name", "age", "thanks"}) {
      assertArrayEquals(new long[] {1, 0}, log.funnel(node), node);
    }
    assertArrayEquals(new long[] {1, 1, 0, 0}, log.runDay());
    int everyScope = Run.IN_FLOW | Run.IN_FLOW_ON_CHANNEL | Run.IN_PROGRAMME | Run.IN_PROGRAMME_ON_CHANNEL;
    assertEquals(Run.FIRST_IN_FLOW | Run.FIRST_ON_CHANNEL | Run.FIRST_IN_ARM | Run.FIRST_IN_ARM_ON_CHANNEL
        | Run.FIRST_OF_DAY * everyScope | Run.FIRST_OF_HOUR * everyScope, log.run().firsts,
        "the participant's first run, counted once everywhere, its day and hour too");
    assertEquals(Set.of(new RollupDeltas.DurationKey("survey", DAY, "ussd", 3)), log.deltas.durations.keySet(),
        "started at +1 s, completed at +4 s");
  }

  @Test
  void aDroppedRunCountsAsLeftAtItsLastNodeUntilItResumes() throws SQLException {
    var log = new Log().event("flow_started", "").event("node_shown", "name").event("session_dropped", "");
    assertEquals(Run.Status.DROPPED, log.fold.live(KEY).orElseThrow().status, "dropped, still resumable");
    assertArrayEquals(new long[] {1, 1}, log.funnel("name"));
    assertArrayEquals(new long[] {1, 0, 1, 0}, log.runDay(), "a dropped run counts as left");

    log.event("session_resumed", "");
    assertEquals(Run.Status.OPEN, log.fold.live(KEY).orElseThrow().status);
    assertArrayEquals(new long[] {1, 0}, log.funnel("name"), "un-counted as left");
    assertArrayEquals(new long[] {1, 0, 0, 1}, log.runDay(), "open again");
  }

  @Test
  void aDroppedRunStartedAgainLeavesWithoutCountingItsLeavingTwice() throws SQLException {
    var log = new Log().event("flow_started", "").event("node_shown", "name").event("session_dropped", "");
    log.fold.evictIdle(Duration.ofSeconds(10), log.deltas, RunHistory.Reader.NOTHING);
    assertEquals(Run.Status.DROPPED, log.run().status, "not idle for the cut-off yet");

    log.event("flow_started", "").event("session_abandoned", "");
    assertEquals(Run.Status.LEFT, log.run().status, "started again: the dropped run left");
    assertArrayEquals(new long[] {1, 1}, log.funnel("name"), "left once, at its last node");
  }

  @Test
  void anOpenRunIdleForTheCutOffLeavesAtItsLastNode() throws SQLException {
    var log = new Log().event("flow_started", "").event("node_shown", "name");
    log.second += 60;
    log.event("node_shown", "age"); // the event that moves the clock on is the run's own: it is not idle
    log.fold.evictIdle(Duration.ofSeconds(10), log.deltas, RunHistory.Reader.NOTHING);
    assertEquals(Run.Status.OPEN, log.run().status);

    var quiet = new Log().event("flow_started", "").event("node_shown", "name");
    // Another participant's run, live at the last commit, started ten minutes on: the clock is there now.
    quiet.fold.restore(Run.start("other", "h1", "+254700000002", "ussd", T0.plusSeconds(600)));
    quiet.fold.evictIdle(Duration.ofSeconds(10), quiet.deltas, RunHistory.Reader.NOTHING);
    assertEquals(Run.Status.LEFT, quiet.run().status);
    assertEquals(T0.plusSeconds(2), quiet.run().endedAt, "left when last seen, not when noticed");
    assertArrayEquals(new long[] {1, 1}, quiet.funnel("name"));
    assertArrayEquals(new long[] {1, 0, 1, 0}, quiet.runDay());
  }

  @Test
  void anAnswerGivenAgainReplacesTheRunsEarlierAnswer() throws SQLException {
    var log = new Log().event("flow_started", "").event("node_shown", "age").answer("age", "12").answer("age", "21");
    assertEquals(1, log.run().answers, "one question answered");
    assertEquals(0, answers(log, "12"), "the first answer is un-counted");
    assertEquals(1, answers(log, "21"));
  }

  private static long answers(Log log, String value) {
    return log.deltas.answers.entrySet().stream().filter(e -> e.getKey().value().equals(value))
        .mapToLong(e -> e.getValue()[0]).sum();
  }
}
