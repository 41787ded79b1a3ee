package org.kabambe.flow.expect;

import java.util.Optional;
import org.kabambe.expr.ValueType;

/** A phone number: 7 to 15 digits, an optional leading '+', spaces and dashes ignored. Saved without separators. */
public record PhoneExpect() implements Expect {
  public ValueType valueType() {
    return ValueType.TEXT;
  }

  public Optional<Object> parse(String input, String language) {
    String t = input.strip().replaceAll("[\\s\\-().]", "");
    if (t.startsWith("00")) t = "+" + t.substring(2);
    if (!t.matches("\\+?\\d{7,15}")) return Optional.empty();
    return Optional.of(t);
  }

  public String kind() {
    return "phone";
  }
}
