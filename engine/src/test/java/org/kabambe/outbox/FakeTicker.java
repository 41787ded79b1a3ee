package org.kabambe.outbox;

import java.util.concurrent.atomic.AtomicLong;

/** Monotonic time that moves only when someone sleeps (or a test advances it): pacing without waiting. */
final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleepNanos(long nanos) {
    now.addAndGet(nanos);
  }

  void advance(long nanos) {
    now.addAndGet(nanos);
  }
}
