package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** How the {@link SmscSimulator} misbehaves, changeable while it runs: throttled submits, slow answers, refused binds. */
final class FaultPlan {
  private final AtomicInteger bindsToReject = new AtomicInteger();
  private volatile int throttlePercent;
  private volatile Duration responseDelay = Duration.ZERO;

  void throttle(int percent) {
    this.throttlePercent = Math.max(0, Math.min(100, percent));
  }

  void delayResponses(Duration delay) {
    this.responseDelay = delay;
  }

  void rejectBinds(int n) {
    bindsToReject.set(n);
  }

  Duration responseDelay() {
    return responseDelay;
  }

  /** Whether the {@code n}th submit (1-based) is throttled: the percentage spread evenly, so runs repeat exactly. */
  boolean throttles(long n) {
    int p = throttlePercent;
    return p > 0 && (n * p) / 100 > ((n - 1) * p) / 100;
  }

  /** Whether to refuse this bind, using up one of the refusals asked for. */
  boolean rejectsNextBind() {
    return bindsToReject.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }
}
