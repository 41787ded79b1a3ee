package org.kabambe.analytics;

import java.util.OptionalDouble;

/**
 * One period of a timeline (a day, or an hour): runs that started in it, what became of them, and the distinct
 * participants who started them. {@code dropped}: runs that left the flow or were dropped by the network (a
 * dropped USSD run may still resume), as the figures' "left".
 */
public record TimelinePoint(String period, long participants, long runs, long completed, long dropped,
                            OptionalDouble medianSecondsToComplete) {
  public static TimelinePoint empty(String period) {
    return new TimelinePoint(period, 0, 0, 0, 0, OptionalDouble.empty());
  }

  public double completionRate() {
    return runs == 0 ? 0 : (double) completed / runs;
  }
}
