package org.kabambe.connectors.ussd;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a stack trace through at most once per interval; the rest are counted and reported with the next one.
 * Requests are the caller's to choose: a caller that can trigger a logged failure must not be able to flood the log.
 */
final class LogThrottle {
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  LogThrottle(long interval, TimeUnit unit) {
    this.intervalNanos = unit.toNanos(interval);
  }

  /**
   * -1 when this occurrence should be logged briefly (or not at all); otherwise the number of occurrences
   * suppressed since the last full one, and this one is to be logged in full.
   */
  long full() {
    long now = System.nanoTime();
    long due = next.get();
    if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
      return suppressed.getAndSet(0);
    }
    suppressed.incrementAndGet();
    return -1;
  }
}
