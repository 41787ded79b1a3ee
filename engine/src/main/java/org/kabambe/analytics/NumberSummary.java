package org.kabambe.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The answers to a number question as M&E staff read them: count, mean, median, min, max and a histogram of
 * equal-width bins in order (empty bins kept, so the shape shows). Computed from the counts per value, which is
 * what the rollup keeps.
 *
 * @param bins ordered; each holds the answers {@code from <= x < to}
 */
public record NumberSummary(long count, double mean, double median, double min, double max, List<Bin> bins) {
  /** At most this many bins (a few more when the bounds are rounded to a round step). */
  static final int TARGET_BINS = 10;

  public record Bin(double from, double to, long count) {}

  /** The summary of {@code counts} (value to how many answers gave it); empty when no value is a number. */
  public static Optional<NumberSummary> of(Map<String, Long> counts) {
    var sorted = new TreeMap<Double, Long>();
    counts.forEach((text, n) -> parse(text).ifPresent(x -> sorted.merge(x, n, Long::sum)));
    long count = sorted.values().stream().mapToLong(Long::longValue).sum();
    if (count == 0) return Optional.empty();
    double sum = 0;
    for (var e : sorted.entrySet()) sum += e.getKey() * e.getValue();
    double min = sorted.firstKey();
    double max = sorted.lastKey();
    return Optional.of(new NumberSummary(count, sum / count, median(sorted, count), min, max, bins(sorted, min, max)));
  }

  private static Optional<Double> parse(String text) {
    try {
      double x = Double.parseDouble(text);
      return Double.isFinite(x) ? Optional.of(x) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The middle answer, or the mean of the two middle ones. */
  private static double median(TreeMap<Double, Long> sorted, long count) {
    long lower = (count - 1) / 2; // 0-based ranks of the middle answers
    long upper = count / 2;
    double lowerValue = Double.NaN;
    long seen = 0;
    for (var e : sorted.entrySet()) {
      long next = seen + e.getValue();
      if (Double.isNaN(lowerValue) && lower < next) lowerValue = e.getKey();
      if (upper < next) return (lowerValue + e.getKey()) / 2;
      seen = next;
    }
    throw new IllegalStateException("count does not match the values");
  }

  private static List<Bin> bins(TreeMap<Double, Long> sorted, double min, double max) {
    boolean whole = sorted.keySet().stream().allMatch(x -> x == Math.rint(x));
    double step = roundStep((max - min) / TARGET_BINS);
    double width = whole ? Math.max(1, step) : step; // ages 30 to 34: a bin per year, not per half year
    double first = floor(min / width) * width;
    int n = (int) floor((max - first) / width) + 1;
    long[] counts = new long[n];
    sorted.forEach((x, c) -> counts[Math.min(n - 1, (int) floor((x - first) / width))] += c);
    var bins = new ArrayList<Bin>(n);
    for (int i = 0; i < n; i++) bins.add(new Bin(first + i * width, first + (i + 1) * width, counts[i]));
    return List.copyOf(bins);
  }

  /** Floor that forgives binary fractions: 1.2 / 0.1 is 11.999999999999998, and 1.2 belongs to bin 12. */
  private static double floor(double x) {
    return Math.floor(x + 1e-9);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}; 1 when all answers are equal or close. */
  static double roundStep(double raw) {
    if (raw <= 0) return 1;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) return m * power;
    }
    return 10 * power;
  }
}
