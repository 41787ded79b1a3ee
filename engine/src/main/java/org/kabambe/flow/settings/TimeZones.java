package org.kabambe.flow.settings;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kabambe.diag.DidYouMean;

/**
 * The contact field {@value #FIELD}: a contact's own time zone (an IANA name such as Africa/Nairobi), which the
 * campaign scheduler prefers to the campaign's and the deployment's. Declared in fields.yaml as text; a value that
 * is not a zone is refused where it comes in (import, a flow's {@code contact:} action) with the reason.
 */
public final class TimeZones {
  public static final String FIELD = "timezone";
  // A CEL string literal with nothing else: the one kind of contact: value that can be checked before it runs.
  private static final Pattern LITERAL = Pattern.compile("\\s*(['\"])([^'\"\\\\]*)\\1\\s*");

  private TimeZones() {}

  /** The zone a field value names, if it names one. */
  public static Optional<ZoneId> zone(Object value) {
    if (!(value instanceof String s) || s.isBlank()) return Optional.empty();
    try {
      return Optional.of(ZoneId.of(s.strip()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Empty when {@code value} is a time zone; else what is wrong with it, with the likeliest zone meant. */
  public static Optional<String> problem(String value) {
    if (zone(value).isPresent()) return Optional.empty();
    return Optional.of(FIELD + ": '" + value + "' is not a time zone (an IANA name like Africa/Nairobi, or UTC)"
        + DidYouMean.hint(value.strip(), ZoneId.getAvailableZoneIds()));
  }

  /** The problem with a {@code contact:} action's value when it is a plain string literal, like "'Africa/Kigali'". */
  public static Optional<String> literalProblem(String expressionSource) {
    Matcher m = LITERAL.matcher(expressionSource);
    return m.matches() ? problem(m.group(2)) : Optional.empty();
  }
}
