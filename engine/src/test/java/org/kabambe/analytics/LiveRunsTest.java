package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveRunsTest {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void aNumbersRunsAreFoundByFlowAndChannelAndLeaveOneByOne() {
    var live = new LiveRuns();
    Run ussdA = put(live, "a", "+1", "ussd", T0);
    Run smsA = put(live, "a", "+1", "sms", T0.plusSeconds(60));
    Run ussdB = put(live, "b", "+1", "ussd", T0.plusSeconds(120));
    Run other = put(live, "a", "+2", "ussd", T0);
    assertSame(ussdA, live.get(ussdA.key()));
    assertSame(smsA, live.get(smsA.key()));
    assertSame(other, live.get(other.key()));
    assertEquals(List.of(ussdB, ussdA), live.of("+1", "ussd"));
    assertEquals(List.of(smsA), live.of("+1", "sms"));

    assertSame(smsA, live.remove(smsA.key()), "from the middle of the chain");
    assertNull(live.get(smsA.key()));
    assertSame(ussdB, live.remove(ussdB.key()), "the head");
    assertSame(ussdA, live.get(ussdA.key()));
    assertNull(live.remove(ussdB.key()), "gone already");
    assertSame(ussdA, live.remove(ussdA.key()), "the last");
    assertEquals(List.of(), live.of("+1", "ussd"));
    assertEquals(List.of(other), live.idleSince(T0.plusSeconds(1)));
  }

  @Test
  void aNewRunUnderTheSameKeyReplacesTheOld() {
    var live = new LiveRuns();
    put(live, "a", "+1", "ussd", T0);
    Run again = put(live, "a", "+1", "ussd", T0.plusSeconds(5));
    assertEquals(List.of(again), live.of("+1", "ussd"));
  }

  @Test
  void aRunCountsEachNodeOnceAndItsFinalAnswerPerQuestion() {
    Run run = Run.start("a", "h", "+1", "ussd", T0);
    assertTrue(run.reach("welcome"));
    assertTrue(run.reach("age"));
    assertFalse(run.reach("welcome"));
    assertEquals("welcome,age", run.nodesText());
    assertEquals(List.of(), List.copyOf(run.countedAnswers()));
    var first = new CountedAnswer("age", "age", Run.day(T0), "en", "", "20", java.util.Map.of());
    assertNull(run.answer(first));
    var second = new CountedAnswer("age", "age", Run.day(T0), "en", "", "21", java.util.Map.of());
    assertSame(first, run.answer(second));
    assertEquals(List.of(second), List.copyOf(run.countedAnswers()));
  }

  private static Run put(LiveRuns live, String flow, String phone, String channel, Instant at) {
    Run run = Run.start(flow, "h", phone, channel, at);
    live.put(run.key(), run);
    return run;
  }
}
