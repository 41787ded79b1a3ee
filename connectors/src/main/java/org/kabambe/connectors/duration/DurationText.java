package org.kabambe.connectors.duration;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations people write in flows, bind URLs and command lines: a whole number and a unit,
 * {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. The one parser for all of them, so that a
 * duration that works in one place works in the others.
 */
public final class DurationText {
  // Six digits at most: 999999d is already far beyond any wait, and longer numbers cannot overflow.
  private static final Pattern FORM = Pattern.compile("(\\d{1,6})(ms|[smhd])?");

  /** How a duration must look, for error messages. */
  public static final String FORMS = "a number and a unit, like 500ms, 30s, 10m, 2h or 1d";

  private DurationText() {}

  /** The duration written as {@code text} (surrounding blanks ignored), or empty when it is not one of the {@link #FORMS}. */
  public static Optional<Duration> parse(String text) {
    return read(text, false);
  }

  /**
   * Like {@link #parse}, but a bare number counts as seconds: bind URLs and {@code scripts/smsc-sim} have always
   * accepted {@code timeout=10}, and deployed configurations rely on it. Flows keep requiring the unit.
   */
  public static Optional<Duration> parseSecondsByDefault(String text) {
    return read(text, true);
  }

  private static Optional<Duration> read(String text, boolean bareIsSeconds) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches() || (m.group(2) == null && !bareIsSeconds)) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    });
  }
}
