package org.kabambe.outbox;

/**
 * Paces submits to a provider's contracted rate: tokens refill at {@code perSecond}, at most {@code burst} are
 * stored. With a burst of 1 submits are evenly spaced, so no one-second window an SMSC measures ever sees more
 * than the rate (a burst of N allows N extra in the window after an idle spell).
 */
public final class TokenBucket {
  /**
   * How late a caller that keeps asking may be and still get its missed tokens. A sleep wakes up late (a millisecond
   * or more on a loaded machine): without this, every wake-up moved the schedule forward by the overshoot, so a bind
   * configured at 100,000/s was paced at ~1,000/s and one at 100/s ran several percent slow. The made-up tokens are
   * slots already past, so no window sees more than its slots (plus those of the last 5 ms).
   */
  static final long CATCH_UP_NANOS = 5_000_000L;

  private final long interval;
  private final long storable;
  private final Ticker ticker;
  // When the next token is free; earlier than now by the tokens stored.
  private long nextFree;
  private long lastCall;

  public TokenBucket(int perSecond, int burst, Ticker ticker) {
    if (perSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate and burst must be positive: " + perSecond + "/s, burst " + burst);
    }
    this.interval = 1_000_000_000L / perSecond;
    this.storable = (burst - 1) * interval;
    this.ticker = ticker;
    this.nextFree = ticker.nanoTime() - storable;
    this.lastCall = Long.MIN_VALUE / 2;
  }

  /** Takes a token, returning how many nanoseconds the caller must wait before using it (0: at once). */
  public synchronized long reserve() {
    long now = ticker.nanoTime();
    // A caller back within an interval (+ the catch-up allowance) of its last call is working through a backlog:
    // its lateness is sleep overshoot, made up below. A caller that was idle gets only the stored burst.
    boolean backlogged = now - lastCall <= interval + CATCH_UP_NANOS;
    lastCall = now;
    nextFree = Math.max(nextFree, now - storable - (backlogged ? CATCH_UP_NANOS : 0));
    long wait = Math.max(0, nextFree - now);
    nextFree += interval;
    return wait;
  }

  /** Takes a token, sleeping until it may be used. */
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      ticker.sleepNanos(wait);
    }
  }
}
