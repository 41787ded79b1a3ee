package org.kabambe.connectors.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Delay before the next try after a failure: doubling from {@code base} per failed attempt up to {@code cap}, then a
 * random point in the upper half of that, so that what failed together (a burst of throttled messages, the binds cut
 * by one SMSC restart) does not come back together. The outbox's retries and the SMPP reconnects both use it.
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
