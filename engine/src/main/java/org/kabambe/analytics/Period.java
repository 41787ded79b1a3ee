package org.kabambe.analytics;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The days {@code [from, to)} (UTC) and optionally one channel ({@code ussd}, {@code sms}) that figures cover. Runs are
 * counted under the day they started, events and answers under the day they happened.
 */
public record Period(LocalDate from, LocalDate to, Optional<String> channel) {
  public Period {
    if (!from.isBefore(to)) throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
  }

  /** Every day up to and including {@code today}. */
  public static Period allUntil(LocalDate today) {
    return new Period(LocalDate.of(2000, 1, 1), today.plusDays(1), Optional.empty());
  }
}
