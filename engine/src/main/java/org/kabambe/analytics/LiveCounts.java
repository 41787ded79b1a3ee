package org.kabambe.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts for the last minute and hour, kept in memory per minute from the events the rollup reads (about a
 * second behind the hops): cheap enough to poll every few seconds. Starts empty at start-up.
 */
public final class LiveCounts implements Rollup.Listener {
  /** What is counted: hops (a number's events at one instant), sessions, completions, leaves, SMS, opt-outs. */
  public static final String[] KINDS = {"hops", "events", "sessions_started", "sessions_completed", "flows_completed",
      "left", "sms_received", "opted_out"};
  private static final int MINUTES = 60;

  private final Clock clock;
  private final long[][] buckets = new long[MINUTES][KINDS.length];
  private final long[] bucketMinute = new long[MINUTES];
  private String lastPhone = "";
  private Instant lastAt = Instant.EPOCH;

  public LiveCounts(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void event(Rollup.TailedEvent e) {
    long minute = e.at().getEpochSecond() / 60;
    int slot = (int) (minute % MINUTES);
    if (bucketMinute[slot] != minute) {
      bucketMinute[slot] = minute;
      Arrays.fill(buckets[slot], 0);
    }
    long[] b = buckets[slot];
    // A hop's events are written together, so they are consecutive: a new number or instant is a new hop.
    if (!e.at().equals(lastAt) || !e.phone().equals(lastPhone)) b[0]++;
    lastPhone = e.phone();
    lastAt = e.at();
    b[1]++;
    e.kind().ifPresent(type -> {
      switch (type) {
        case SESSION_STARTED -> b[2]++;
        case SESSION_COMPLETED -> b[3]++;
        case FLOW_COMPLETED -> b[4]++;
        case SESSION_ABANDONED, SESSION_DROPPED, SESSION_EXPIRED -> b[5]++;
        case SMS_RECEIVED -> b[6]++;
        case OPTED_OUT -> b[7]++;
        default -> { }
      }
    });
  }

  /** Counts over the last {@code window} (at most an hour, whole minutes including the current one). */
  public synchronized Map<String, Long> last(Duration window) {
    long now = clock.instant().getEpochSecond() / 60;
    long minutes = Math.max(1, Math.min(MINUTES, window.toMinutes()));
    long[] sum = new long[KINDS.length];
    for (int i = 0; i < MINUTES; i++) {
      if (bucketMinute[i] > now - minutes && bucketMinute[i] <= now) {
        for (int k = 0; k < KINDS.length; k++) sum[k] += buckets[i][k];
      }
    }
    var out = new LinkedHashMap<String, Long>();
    for (int k = 0; k < KINDS.length; k++) out.put(KINDS[k], sum[k]);
    return out;
  }
}
