package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.events.EventType;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/** The rollup's figures against a synthetic event log whose counts are known (see {@link SyntheticLog}). */
@Tag("database")
class RollupFiguresTest {
  static final int N = 1_000;
  static final Period DAY = new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 2), Optional.empty());
  static final Set<String> QUESTIONS = Set.of("consent", "age", "q1", "q2");

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
  void figuresMatchTheKnownLog() throws Exception {
    write(0, N);
    new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
    assertKnownFigures();
  }

  @Test
  void smallChunksAndARestartMidwayGiveTheSameFigures() throws Exception {
    var settings = new Rollup.Settings(7, Duration.ofHours(24));
    write(0, N / 2);
    new Rollup(db, settings, Rollup.Listener.NONE).catchUp();
    write(N / 2, N);
    new Rollup(db, settings, Rollup.Listener.NONE).catchUp(); // a new instance: state comes from the database
    assertKnownFigures();
  }

  @Test
  void runsSilentPastTheCutoffCountAsLeftAtTheirLastNode() throws Exception {
    write(0, 10);
    try (var c = db.connection(); var s = c.createStatement()) {
      // A later participant, a day and more after: the ten runs' last events are now older than the cutoff.
      s.execute("INSERT INTO events (at, type, phone, channel, flow_id) VALUES (TIMESTAMP WITH TIME ZONE"
          + " '2025-03-03 08:00:00+00', 'opted_out', '+1', 'sms', 'other')");
    }
    new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
    var funnel = new Figures(db).funnel(SyntheticLog.FLOW, DAY).stream()
        .collect(Collectors.toMap(FunnelStep::nodeId, FunnelStep::left));
    assertEquals(Map.of("consent", 1L, "age", 0L, "q1", 2L, "q2", 0L, "end", 0L), funnel);
  }

  private void write(int from, int to) throws Exception {
    try (var log = new SyntheticLog(db)) {
      log.participants(from, to);
    }
  }

  private void assertKnownFigures() {
    var figures = new Figures(db);
    FlowFigures f = figures.flow(SyntheticLog.FLOW, DAY, QUESTIONS);
    assertEquals(N, f.participants());
    assertEquals(N, f.runs());
    assertEquals(N, f.sessions());
    assertEquals(N * 7 / 10, f.completed());
    assertEquals(N * 3 / 10, f.left());
    assertEquals(0, f.open());
    assertEquals(0.7, f.completionRate(), 1e-9);
    assertEquals(40.0, f.medianSecondsToComplete().getAsDouble(), 1e-9);
    assertEquals(N / 10, f.event(EventType.SESSION_RESUMED));
    assertEquals(N * 2 / 10, f.event(EventType.SESSION_DROPPED));
    // SMS: participants i % 5 == 0 (paths 0, 5); each path-0 and path-5 participant completes: 4 questions, 4 answers.
    assertEquals(N / 5 * 4, f.smsQuestions());
    assertEquals(N / 5 * 4, f.smsReplies());

    Map<String, FunnelStep> funnel = figures.funnel(SyntheticLog.FLOW, DAY).stream()
        .collect(Collectors.toMap(FunnelStep::nodeId, s -> s));
    assertEquals(new FunnelStep("consent", N, N / 10), funnel.get("consent"));
    assertEquals(new FunnelStep("age", N * 9 / 10, 0), funnel.get("age"));
    assertEquals(new FunnelStep("q1", N * 9 / 10, N * 2 / 10), funnel.get("q1"));
    assertEquals(new FunnelStep("q2", N * 7 / 10, 0), funnel.get("q2"));
    assertEquals(new FunnelStep("end", N * 7 / 10, 0), funnel.get("end"));

    assertEquals(expectedAnswers(), figures.results(SyntheticLog.FLOW, DAY, Breakdown.NONE).stream()
        .collect(Collectors.toMap(a -> a.name() + "=" + a.value(), AnswerCount::count)));
    var byArm = figures.results(SyntheticLog.FLOW, DAY, Breakdown.ARM).stream()
        .filter(a -> a.name().equals("q1"))
        .collect(Collectors.toMap(a -> a.group() + " " + a.value(), AnswerCount::count));
    // q1 is answered after the split by completers (paths 0-5, 8): arm 0 = even i = "yes", arm 1 = odd i = "no".
    assertEquals(Map.of("split/0:q1 yes", (long) N * 4 / 10, "split/1:q1 no", (long) N * 3 / 10), byArm);
    var byChannel = figures.results(SyntheticLog.FLOW, DAY, Breakdown.CHANNEL).stream()
        .filter(a -> a.name().equals("q2"))
        .collect(Collectors.toMap(AnswerCount::group, AnswerCount::count));
    assertEquals(Map.of("sms", (long) N / 5, "ussd", (long) N / 2), byChannel);

    Map<String, ArmFigures> arms = figures.arms(SyntheticLog.FLOW, DAY).stream()
        .collect(Collectors.toMap(ArmFigures::arm, a -> a));
    // Arm 0: paths 0, 2, 4, 6, 8 (completing 0, 2, 4, 8); arm 1: paths 1, 3, 5, 7 (completing 1, 3, 5).
    assertEquals(new ArmFigures("split/0:q1", N * 5 / 10, N * 5 / 10, N * 4 / 10), arms.get("split/0:q1"));
    assertEquals(new ArmFigures("split/1:q1", N * 4 / 10, N * 4 / 10, N * 3 / 10), arms.get("split/1:q1"));
    assertEquals(new ArmFigures("", N / 10, N / 10, 0), arms.get(""));

    assertEquals(N * 7 / 10, figures.segmentSize(Segment.COMPLETED_AT_LEAST, DAY, 1));
    assertEquals(0, figures.segmentSize(Segment.COMPLETED_AT_LEAST, DAY, 2));
    assertEquals(N * 3 / 10, figures.segmentSize(Segment.STARTED_NEVER_COMPLETED, DAY, 0));
    assertEquals(N / 10, figures.segmentSize(Segment.REACHED_NEVER_REPLIED, DAY, 0));

    var sms = new Period(DAY.from(), DAY.to(), Optional.of("sms"));
    assertEquals(N / 5, figures.flow(SyntheticLog.FLOW, sms, QUESTIONS).runs());
    assertEquals(0, figures.flow(SyntheticLog.FLOW, new Period(DAY.to(), DAY.to().plusDays(1), Optional.empty()),
        QUESTIONS).runs());
  }

  /** Answer counts computed independently from the path rules. */
  private static Map<String, Long> expectedAnswers() {
    var out = new HashMap<String, Long>();
    for (int i = 0; i < N; i++) {
      int path = i % 10;
      if (path == 9) continue;
      out.merge("consent=yes", 1L, Long::sum);
      out.merge("age=" + (20 + i % 3), 1L, Long::sum);
      if (path == 6 || path == 7) continue;
      out.merge("q1=" + (i % 2 == 0 ? "yes" : "no"), 1L, Long::sum);
      out.merge("q2=" + SyntheticLog.Q2, 1L, Long::sum);
    }
    return out;
  }
}
