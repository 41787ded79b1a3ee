package org.kabambe.connectors.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
  @Test
  void theFirstOccurrenceIsLoggedInFullAndTheRestOfTheIntervalOnlyCounted() {
    var now = new AtomicLong(1_000);
    var throttle = new LogThrottle(1, TimeUnit.MINUTES, now::get);
    assertEquals(0, throttle.full());
    now.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertEquals(-1, throttle.full());
    assertEquals(-1, throttle.full());
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertEquals(2, throttle.full(), "the next full report says how many were left out");
    assertEquals(-1, throttle.full());
  }
}
