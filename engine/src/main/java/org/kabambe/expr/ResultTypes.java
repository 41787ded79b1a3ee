package org.kabambe.expr;

import java.util.Optional;

/** Whether an expression's checked type fits the type its place in the flow needs, and what to say if not. */
final class ResultTypes {
  private ResultTypes() {}

  /**
   * The type the compiled program will return, or empty when {@code actual} cannot stand for {@code expected}.
   * Numbers and integers stand for each other (converted at run time); an untyped result is checked at run time.
   */
  static Optional<ValueType> fit(ValueType actual, ValueType expected) {
    if (expected == ValueType.DYN || actual == expected) return Optional.of(actual);
    if (actual == ValueType.DYN) return Optional.of(expected);
    boolean numeric = (actual == ValueType.NUMBER || actual == ValueType.INTEGER)
        && (expected == ValueType.NUMBER || expected == ValueType.INTEGER);
    return numeric ? Optional.of(expected) : Optional.empty();
  }

  static String mismatch(ValueType actual, ValueType expected) {
    if (expected == ValueType.BOOL) {
      return "this condition must be true or false, but it gives " + ScopeNames.article(actual.label())
          + " (compare it with something, e.g. answers.age < 18)";
    }
    return "this must give " + ScopeNames.article(expected.label()) + ", but it gives "
        + ScopeNames.article(actual.label());
  }
}
