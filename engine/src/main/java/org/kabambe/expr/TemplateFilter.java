package org.kabambe.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** One step after {@code |} in a template insertion; it turns a value (null when unset) into another. */
sealed interface TemplateFilter {
  List<String> NAMES = List.of("fallback", "upper", "lower", "capitalize", "date", "raw");

  /** Applies the filter; {@code value} is null when unset, and an unset value stays unset except for fallback. */
  Object apply(Object value);

  /** {@code fallback "x"}: the text used when the value is not set (or empty). */
  record Fallback(String text) implements TemplateFilter {
    @Override
    public Object apply(Object value) {
      return value == null || "".equals(value) ? text : value;
    }
  }

  /**
   * {@code raw}: in a webhook's URL, body or headers the value is written as it is instead of encoded for its
   * place; only for values the author trusts (never what a participant typed). Elsewhere it changes nothing.
   */
  record Raw() implements TemplateFilter {
    @Override
    public Object apply(Object value) {
      return value;
    }
  }

  /** {@code upper}. */
  record Upper() implements TemplateFilter {
    @Override
    public Object apply(Object value) {
      return value == null ? null : ValueText.of(value).toUpperCase(Locale.ROOT);
    }
  }

  /** {@code lower}. */
  record Lower() implements TemplateFilter {
    @Override
    public Object apply(Object value) {
      return value == null ? null : ValueText.of(value).toLowerCase(Locale.ROOT);
    }
  }

  /** {@code capitalize}: the first letter in upper case, the rest as it is. */
  record Capitalize() implements TemplateFilter {
    @Override
    public Object apply(Object value) {
      if (value == null) return null;
      String s = ValueText.of(value);
      if (s.isEmpty()) return s;
      int first = s.codePointAt(0);
      return new StringBuilder(s.length()).appendCodePoint(Character.toTitleCase(first))
          .append(s, Character.charCount(first), s.length()).toString();
    }
  }

  /** {@code date "dd/MM/yyyy"}: a java.time pattern applied to a date (or to {@code now}, in UTC). */
  record DateFormat(String pattern, DateTimeFormatter formatter) implements TemplateFilter {
    static DateFormat of(String pattern) {
      return new DateFormat(pattern, DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
    }

    @Override
    public Object apply(Object value) {
      if (value instanceof LocalDate d) return formatter.format(d);
      if (value instanceof Instant i) return formatter.format(i.atZone(ZoneOffset.UTC));
      return value;
    }
  }
}
