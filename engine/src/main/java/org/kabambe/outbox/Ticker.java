package org.kabambe.outbox;

import java.util.concurrent.TimeUnit;

/** Monotonic time and sleeping, injected so pacing can be tested without waiting. */
public interface Ticker {
  long nanoTime();

  void sleepNanos(long nanos) throws InterruptedException;

  /** The JVM's monotonic clock and a real sleep. */
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  };
}
