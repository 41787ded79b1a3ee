package org.kabambe.outbox;

/** Counts submits to one provider and reports the achieved rate once per window of ticker time. */
final class RateMeter {
  private static final long WINDOW = 1_000_000_000L;

  private final String provider;
  private final Ticker ticker;
  private long windowStart;
  private long count;

  RateMeter(String provider, Ticker ticker) {
    this.provider = provider;
    this.ticker = ticker;
    this.windowStart = ticker.nanoTime();
  }

  synchronized void submitted(OutboxMetrics metrics) {
    count++;
    report(metrics);
  }

  /** Reports the last window if it has elapsed (also called when idle, so the rate falls to 0). */
  synchronized void report(OutboxMetrics metrics) {
    long now = ticker.nanoTime();
    long elapsed = now - windowStart;
    if (elapsed >= WINDOW) {
      metrics.achievedRate(provider, count * 1e9 / elapsed);
      count = 0;
      windowStart = now;
    }
  }
}
