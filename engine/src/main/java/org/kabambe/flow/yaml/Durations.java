package org.kabambe.flow.yaml;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations authors write: a whole number and a unit, {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,6})(ms|[smhd])");

  /** How a duration must look, for error messages. */
  public static final String FORMS = "a number and a unit, like 500ms, 30s, 10m, 2h or 1d";

  private Durations() {}

  /** The duration written as {@code text}, or empty when it is not in one of the {@link #FORMS}. */
  public static Optional<Duration> parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) return Optional.empty();
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    });
  }
}
