package org.kabambe.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread makes true, with a deadline: tests poll instead of sleeping fixed times. */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code condition} until it holds, failing with "timed out waiting for {@code what}" after {@code limit}. */
  public static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
