package org.kabambe.flow.campaign;

import java.time.LocalTime;
import java.time.ZonedDateTime;

/** A daily window, {@code "21:00-07:00"}, in which no campaign message is delivered; it may wrap midnight. */
public record QuietHours(LocalTime start, LocalTime end) {

  public boolean contains(LocalTime t) {
    if (start.equals(end)) return false;
    if (start.isBefore(end)) return !t.isBefore(start) && t.isBefore(end);
    return !t.isBefore(start) || t.isBefore(end);
  }

  /** {@code t} itself when allowed, else the end of the quiet window it falls in. */
  public ZonedDateTime nextAllowed(ZonedDateTime t) {
    LocalTime local = t.toLocalTime();
    if (!contains(local)) return t;
    ZonedDateTime sameDayEnd = t.with(end).withSecond(0).withNano(0);
    // Wrapping window and we are before midnight: the quiet hours end tomorrow.
    return local.isBefore(end) ? sameDayEnd : sameDayEnd.plusDays(1);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
