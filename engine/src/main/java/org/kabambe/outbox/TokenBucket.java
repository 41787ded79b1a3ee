package org.kabambe.outbox;

/**
 * Paces submits to a provider's contracted rate: tokens refill at {@code perSecond}, at most {@code burst} are
 * stored. With a burst of 1 submits are evenly spaced, so no one-second window an SMSC measures ever sees more
 * than the rate (a burst of N allows N extra in the window after an idle spell).
 */
public final class TokenBucket {
  private final long interval;
  private final long storable;
  private final Ticker ticker;
  // When the next token is free; earlier than now by the tokens stored.
  private long nextFree;

  public TokenBucket(int perSecond, int burst, Ticker ticker) {
    if (perSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate and burst must be positive: " + perSecond + "/s, burst " + burst);
    }
    this.interval = 1_000_000_000L / perSecond;
    this.storable = (burst - 1) * interval;
    this.ticker = ticker;
    this.nextFree = ticker.nanoTime() - storable;
  }

  /** Takes a token, returning how many nanoseconds the caller must wait before using it (0: at once). */
  public synchronized long reserve() {
    long now = ticker.nanoTime();
    nextFree = Math.max(nextFree, now - storable);
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
