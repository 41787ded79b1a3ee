package org.kabambe.flow.expect;

import java.util.Optional;
import java.util.OptionalDouble;
import org.kabambe.expr.ValueType;

/** A number within optional bounds; "17", "17.5" and "17,5" are read alike. Integers save as INTEGER. */
public record NumberExpect(OptionalDouble min, OptionalDouble max, boolean integer) implements Expect {
  public ValueType valueType() {
    return integer ? ValueType.INTEGER : ValueType.NUMBER;
  }

  public Optional<Object> parse(String input, String language) {
    String t = input.strip().replace(',', '.').replace(" ", "");
    if (t.isEmpty() || t.length() > 20 || !t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) return Optional.empty();
    double d;
    try {
      d = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (min.isPresent() && d < min.getAsDouble()) return Optional.empty();
    if (max.isPresent() && d > max.getAsDouble()) return Optional.empty();
    if (integer) {
      if (d != Math.rint(d)) return Optional.empty();
      return Optional.of((long) d);
    }
    return Optional.of(d);
  }

  public String kind() {
    return "number";
  }
}
