package org.kabambe.flow.validate;

import java.text.Normalizer;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.sms.SmsEncoding;

/**
 * The obvious GSM-7 stand-in for a character outside GSM 03.38 ({@link SmsEncoding}'s table): typographic
 * quotes, dashes and spaces their plain forms, an accented letter its letter without the accent (ê → e, ç → c;
 * é, è, à, ù, ì, ò, Ç, É, ä, ö, ñ, ü are GSM-7 already). Scripts without such a stand-in have none.
 */
final class Gsm7Replacements {
  private static final Map<String, String> TYPOGRAPHY = Map.ofEntries(
      Map.entry("\u2018", "'"), Map.entry("\u2019", "'"), Map.entry("\u201A", "'"), Map.entry("\u2032", "'"),
      Map.entry("\u201C", "\""), Map.entry("\u201D", "\""), Map.entry("\u201E", "\""), Map.entry("\u00AB", "\""),
      Map.entry("\u00BB", "\""), Map.entry("\u2013", "-"), Map.entry("\u2014", "-"), Map.entry("\u2026", "..."),
      Map.entry("\u00A0", " "), Map.entry("\u202F", " "), Map.entry("\u2009", " "));

  private Gsm7Replacements() {}

  /** The stand-in for one character (a whole code point), if there is an obvious one. */
  static Optional<String> of(String character) {
    String typographic = TYPOGRAPHY.get(character);
    if (typographic != null) return Optional.of(typographic);
    String bare = Normalizer.normalize(character, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    boolean plain = !bare.isEmpty() && !bare.equals(character) && SmsEncoding.isGsm7(bare);
    return plain ? Optional.of(bare) : Optional.empty();
  }

  /** {@code text} with every non-GSM-7 character replaced by its stand-in; empty when one has none. */
  static Optional<String> replaceAll(String text) {
    var out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      String c = Character.toString(text.codePointAt(i));
      i += c.length();
      if (SmsEncoding.isGsm7(c)) {
        out.append(c);
      } else {
        Optional<String> stand = of(c);
        if (stand.isEmpty()) return Optional.empty();
        out.append(stand.get());
      }
    }
    return Optional.of(out.toString());
  }
}
