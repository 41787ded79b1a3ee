package org.kabambe.connectors.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
  @Test
  void theFirstOccurrenceIsLoggedInFullAndTheRestOfTheIntervalOnlyCounted() throws Exception {
    var throttle = new LogThrottle(50, TimeUnit.MILLISECONDS);
    assertEquals(0, throttle.full());
    assertEquals(-1, throttle.full());
    assertEquals(-1, throttle.full());
    Thread.sleep(60);
    assertEquals(2, throttle.full(), "the next full report says how many were left out");
    assertEquals(-1, throttle.full());
  }
}
