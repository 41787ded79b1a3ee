package org.kabambe.analytics;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;

/**
 * What answer distributions can be split by: the language, channel or arm the answer was given in, or a contact
 * field (e.g. {@code district}) with the value the contact had when the answer was counted.
 *
 * @param label        {@code none}, {@code language}, {@code channel}, {@code arm}, or the field's name
 * @param contactField whether {@code label} names a contact field
 */
public record Breakdown(String label, boolean contactField) {
  public static final Breakdown NONE = new Breakdown("none", false);
  public static final Breakdown LANGUAGE = new Breakdown("language", false);
  public static final Breakdown CHANNEL = new Breakdown("channel", false);
  public static final Breakdown ARM = new Breakdown("arm", false);
  private static final Set<String> BUILT_IN = Set.of("language", "channel", "arm");

  public static Breakdown field(String name) {
    return new Breakdown(name, true);
  }

  /** Parses {@code language}, {@code channel}, {@code arm}, one of {@code fields}, or an empty string. */
  public static Breakdown parse(String s, Collection<String> fields) {
    if (s.isEmpty() || s.equals("none")) return NONE;
    String lower = s.toLowerCase(Locale.ROOT);
    if (BUILT_IN.contains(lower)) return new Breakdown(lower, false);
    if (fields.contains(s)) return field(s);
    throw new IllegalArgumentException("by must be one of language, channel, arm"
        + (fields.isEmpty() ? "" : ", " + String.join(", ", fields)) + " (got '" + s + "')");
  }

  /**
   * The contact fields answers are counted by: declared text and choice fields that are not personal data (a
   * name or a free-text address would make a table row per person, and must not leave the engine anyway).
   */
  public static Set<String> fieldsOf(ContactFields declared) {
    var out = new LinkedHashSet<String>();
    for (ContactField f : declared.declared().values()) {
      if (!f.pii() && f.type() == ValueType.TEXT) out.add(f.name()); // text and choice fields
    }
    return out;
  }

  /** The answer_daily column of a built-in breakdown. */
  String column() {
    return equals(NONE) ? "''" : label;
  }
}
