package org.kabambe.analytics;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;

/**
 * Times to complete, kept as a histogram per day ({@code duration_daily}) so the median never reads every run:
 * whole seconds under 10 minutes, then 10 s steps to an hour, minutes to a day, hours beyond. A bucket is named
 * by its lower bound, so the median is exact to the second for runs under 10 minutes.
 */
final class Durations {
  private Durations() {}

  static int bucket(long millis) {
    long s = Math.max(0, millis / 1000);
    long b = s < 600 ? s : s < 3_600 ? s - s % 10 : s < 86_400 ? s - s % 60 : s - s % 3_600;
    return (int) Math.min(Integer.MAX_VALUE, b);
  }

  /** The median (the mean of the two middle values for an even count) of a histogram: bucket seconds to count. */
  static OptionalDouble median(NavigableMap<Integer, Long> histogram) {
    long n = histogram.values().stream().mapToLong(Long::longValue).sum();
    if (n == 0) return OptionalDouble.empty();
    long lowRank = (n - 1) / 2;
    long highRank = n / 2;
    double low = Double.NaN;
    long seen = 0;
    for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
      long next = seen + e.getValue();
      if (Double.isNaN(low) && lowRank < next) low = e.getKey();
      if (highRank < next) return OptionalDouble.of((low + e.getKey()) / 2);
      seen = next;
    }
    throw new IllegalStateException("unreachable: the ranks are below the count");
  }
}
