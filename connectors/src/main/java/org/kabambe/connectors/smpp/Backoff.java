package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delays with jitter: {@code min * 2^attempt}, capped at {@code max}, then scaled by a
 * random factor in [0.5, 1) so that many binds cut by one SMSC restart do not all come back at the same instant.
 */
record Backoff(Duration min, Duration max, DoubleSupplier random) {
  Duration delay(int attempt) {
    long minMs = Math.max(1, min.toMillis());
    long capped = minMs << Math.min(attempt, 20);
    if (capped <= 0 || capped > max.toMillis()) {
      capped = max.toMillis();
    }
    return Duration.ofMillis(Math.max(1, (long) (capped * (0.5 + random.getAsDouble() / 2))));
  }
}
