package org.kabambe.translation;

import java.util.Optional;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SegmentLimits;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.sms.TextCost;
import org.kabambe.runtime.UssdBudget;

/**
 * How much room a text has where participants read it, measured the way the runtime measures it (GSM-7 septets
 * or UCS-2 units, {@link UssdBudget#DEFAULT} screens, {@link SmsEncoding} segments). A {@code hard} budget
 * cannot be paginated (an option line, a question, a navigation word); a soft one can (a long menu text gets
 * "98 More"), so a translation is held to it only where the source text keeps within it.
 */
public sealed interface TextBudget {
  /** The line for the translator, e.g. "USSD screen: 182 characters (80 if any is not GSM-7); this text is 97 in GSM-7". */
  String describe(String source);

  /** Why {@code translation} does not fit, when it does not (and the source does, for a soft budget). */
  Optional<String> refusal(String source, String translation);

  /** One USSD screen, less what the screen adds before the text ({@code "2. "} for an option). */
  record UssdScreen(String what, int prefix, boolean hard) implements TextBudget {
    public String describe(String source) {
      return "USSD " + what + ": " + room(Encoding.GSM7) + " characters (" + room(Encoding.UCS2)
          + " if any character is not GSM-7)" + (hard ? "" : ", more shows as a second page")
          + "; this text is " + measure(source);
    }

    public Optional<String> refusal(String source, String translation) {
      if (fits(translation) || (!hard && !fits(source))) return Optional.empty();
      Encoding e = SmsEncoding.encodingOf(translation);
      return Optional.of("it is " + SmsEncoding.units(translation) + " characters in " + name(e) + " and the "
          + what + " holds " + room(e) + (e == Encoding.UCS2 ? firstNonGsm7(translation) : ""));
    }

    private boolean fits(String text) {
      return SmsEncoding.units(text) <= room(SmsEncoding.encodingOf(text));
    }

    private int room(Encoding e) {
      return UssdBudget.DEFAULT.limit(e) - prefix;
    }
  }

  /** A word of at most {@code max} characters (the navigation words). */
  record Word(int max) implements TextBudget {
    public String describe(String source) {
      return "USSD navigation word: 1 to " + max + " characters";
    }

    public Optional<String> refusal(String source, String translation) {
      String t = translation.strip();
      return t.isEmpty() || t.length() > max
          ? Optional.of("a navigation word has 1 to " + max + " characters; this one has " + t.length())
          : Optional.empty();
    }
  }

  /** An SMS of at most {@code segments} segments (each is billed). */
  record Sms(int segments) implements TextBudget {
    private static final SegmentLimits LIMITS = SegmentLimits.CONCAT_8BIT_REF;

    public String describe(String source) {
      TextCost c = SmsEncoding.cost(source);
      return "SMS: at most " + segments + " segment" + (segments == 1 ? "" : "s") + " (" + room(Encoding.GSM7)
          + " characters, " + room(Encoding.UCS2) + " if any is not GSM-7); this text is " + measure(source)
          + ", " + c.segments() + " segment" + (c.segments() == 1 ? "" : "s");
    }

    public Optional<String> refusal(String source, String translation) {
      TextCost t = SmsEncoding.cost(translation);
      if (t.segments() <= segments || SmsEncoding.cost(source).segments() > segments) return Optional.empty();
      return Optional.of("it needs " + t.segments() + " SMS segments (" + t.units() + " characters in "
          + name(t.encoding()) + (t.encoding() == Encoding.UCS2 ? firstNonGsm7(translation) : "")
          + ") and the limit is " + segments);
    }

    private int room(Encoding e) {
      boolean gsm = e == Encoding.GSM7;
      if (segments == 1) return gsm ? LIMITS.gsm7Single() : LIMITS.ucs2Single();
      return segments * (gsm ? LIMITS.gsm7Part() : LIMITS.ucs2Part());
    }
  }

  private static String measure(String text) {
    return SmsEncoding.units(text) + " in " + name(SmsEncoding.encodingOf(text));
  }

  private static String name(Encoding e) {
    return e == Encoding.GSM7 ? "GSM-7" : "UCS-2";
  }

  /** ", UCS-2 because of 'é'": tells a translator which character to replace to get the GSM-7 room back. */
  private static String firstNonGsm7(String text) {
    return text.codePoints().mapToObj(Character::toString).filter(c -> SmsEncoding.septets(c) < 0).findFirst()
        .map(c -> " (UCS-2 because of '" + c + "')").orElse("");
  }
}
