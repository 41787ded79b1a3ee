package org.kabambe.flow.expect;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.kabambe.expr.ValueType;

/** Free text, optionally bounded in length and matched against a pattern (the whole trimmed input). */
public record TextExpect(OptionalInt minLength, OptionalInt maxLength, Optional<Pattern> pattern) implements Expect {
  public ValueType valueType() {
    return ValueType.TEXT;
  }

  public Optional<Object> parse(String input, String language) {
    String t = input.strip();
    int len = t.codePointCount(0, t.length());
    if (len == 0 && minLength.orElse(1) > 0) return Optional.empty();
    if (minLength.isPresent() && len < minLength.getAsInt()) return Optional.empty();
    if (maxLength.isPresent() && len > maxLength.getAsInt()) return Optional.empty();
    if (pattern.isPresent() && !pattern.get().matcher(t).matches()) return Optional.empty();
    return Optional.of(t);
  }

  public String kind() {
    return "text";
  }
}
