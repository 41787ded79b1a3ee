package org.kabambe.connectors.retry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesPerAttemptWithJitterInTheUpperHalfAndStopsAtTheCap() {
    var backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));
    var random = new Random(1);
    for (int attempt = 1; attempt <= 60; attempt++) {
      long full = Math.min(2_000L << Math.min(attempt - 1, 30), 600_000L);
      for (int sample = 0; sample < 50; sample++) {
        long millis = backoff.after(attempt, random).toMillis();
        assertTrue(millis >= full / 2 && millis <= full, "attempt " + attempt + ": " + millis + " of " + full);
      }
    }
  }
}
