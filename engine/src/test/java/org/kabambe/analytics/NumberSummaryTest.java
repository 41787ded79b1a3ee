package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NumberSummaryTest {
  @Test
  void anEvenCountHasTheMeanOfTheTwoMiddleAnswersAsMedianAndTextIsLeftOut() {
    var counts = new LinkedHashMap<String, Long>();
    counts.put("4", 1L);
    counts.put("1", 2L);
    counts.put("10", 1L);
    counts.put("not a number", 5L);
    NumberSummary s = NumberSummary.of(counts).orElseThrow();
    assertEquals(4, s.count());
    assertEquals(4.0, s.mean());
    assertEquals(2.5, s.median()); // 1 1 4 10
    assertEquals(1.0, s.min());
    assertEquals(10.0, s.max());
    assertEquals("1-2:2 2-3:0 3-4:0 4-5:1 5-6:0 6-7:0 7-8:0 8-9:0 9-10:0 10-11:1", bins(s));
  }

  @Test
  void decimalsGetRoundBinsAndNoNumberNoSummary() {
    NumberSummary s = NumberSummary.of(Map.of("1.2", 1L, "1.45", 2L, "2.1", 1L)).orElseThrow();
    assertEquals(1.2, s.bins().get(0).from(), 1e-9); // bins of 0.1 from 1.2: 1.2 is in the first, 2.1 in the last
    assertEquals(0.1, s.bins().get(0).to() - s.bins().get(0).from(), 1e-9);
    assertEquals(1, s.bins().get(0).count());
    assertEquals(2, s.bins().get(2).count()); // 1.45 in [1.4, 1.5)
    assertEquals(10, s.bins().size());
    assertEquals(1, s.bins().get(9).count());
    assertEquals(4, s.bins().stream().mapToLong(NumberSummary.Bin::count).sum());
    assertTrue(NumberSummary.of(Map.of("yes", 3L)).isEmpty());
  }

  private static String bins(NumberSummary s) {
    return s.bins().stream().map(b -> Math.round(b.from()) + "-" + Math.round(b.to()) + ":" + b.count())
        .collect(Collectors.joining(" "));
  }
}
