package org.kabambe.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Delay before retrying a throttled message: doubling from {@code base} per attempt up to {@code cap}, then a random
 * point in the upper half of that, so a burst of throttled messages does not come back as one burst.
 */
public record Backoff(Duration base, Duration cap) {
  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap: " + base + ", " + cap);
    }
  }

  /** The delay after the {@code attempts}-th attempt (1 for the first) failed. */
  public Duration after(int attempts, RandomGenerator random) {
    long baseMillis = base.toMillis();
    long capMillis = cap.toMillis();
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    long exponential = baseMillis > (capMillis >> doublings) ? capMillis : baseMillis << doublings;
    long half = exponential / 2;
    return Duration.ofMillis(exponential - half + random.nextLong(half + 1));
  }
}
