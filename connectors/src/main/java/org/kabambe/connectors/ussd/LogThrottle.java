package org.kabambe.connectors.ussd;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a stack trace through at most once per interval; the rest are counted and reported with the next one.
 * Requests are the caller's to choose: a caller that can trigger a logged failure must not be able to flood the log.
 */
public final class LogThrottle {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public LogThrottle(long interval, TimeUnit unit) {
    this(interval, unit, System::nanoTime);
  }

  LogThrottle(long interval, TimeUnit unit, LongSupplier nanoTime) {
    this.intervalNanos = unit.toNanos(interval);
    this.nanoTime = nanoTime;
  }

  /**
   * -1 when this occurrence should be logged briefly (or not at all); otherwise the number of occurrences
   * suppressed since the last full one, and this one is to be logged in full.
   */
  public long full() {
    long now = nanoTime.getAsLong();
    long due = next.get();
    if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
      return suppressed.getAndSet(0);
    }
    suppressed.incrementAndGet();
    return -1;
  }
}
