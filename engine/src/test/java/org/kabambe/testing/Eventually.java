package org.kabambe.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something another thread makes true, with a deadline: tests poll instead of sleeping fixed times. */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code condition} until it holds, failing with "timed out waiting for {@code what}" after {@code limit}. */
  public static void until(String what, Duration limit, BooleanSupplier condition) {
    until(() -> what, limit, condition::getAsBoolean);
  }

  /** The same for a condition that reads over HTTP or JDBC; {@code what} is read on failure, to say what was seen. */
  public static void until(Supplier<String> what, Duration limit, Check condition) {
    if (!within(limit, condition)) throw new AssertionError("timed out waiting for " + what.get());
  }

  /**
   * Polls {@code condition} until it holds or {@code limit} has passed, and says which: for a caller whose own
   * assertions follow and name what was last seen.
   */
  public static boolean within(Duration limit, Check condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) return false;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while polling", e);
      }
    }
    return true;
  }

  /**
   * Reads {@code value} until {@code done} accepts it or {@code limit} has passed, and returns the last value read:
   * the caller's assertion on it says what was seen.
   */
  public static <T> T read(Duration limit, Reading<T> value, Predicate<T> done) {
    var last = new AtomicReference<T>();
    within(limit, () -> {
      last.set(value.read());
      return done.test(last.get());
    });
    return last.get();
  }

  /** A value read over HTTP or JDBC. */
  public interface Reading<T> {
    T read() throws Exception;
  }

  /** A condition that may read over HTTP or JDBC: an exception it throws ends the wait (a checked one as an error). */
  public interface Check {
    boolean holds() throws Exception;
  }

  private static boolean holds(Check condition) {
    try {
      return condition.holds();
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    } catch (Exception e) {
      throw new AssertionError("the polled condition failed", e);
    }
  }
}
