package org.kabambe.expr;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.kabambe.diag.Diagnostics;

/** A flow scope and conversation state shared by the expression and template tests. */
final class ExprFixtures {
  private ExprFixtures() {}

  static final Scope SCOPE = new Scope(
      Map.of("age", ValueType.NUMBER, "trust", ValueType.TEXT, "due", ValueType.DATE, "kids", ValueType.INTEGER,
          "likes", ValueType.BOOL),
      Map.of("score", ValueType.NUMBER, "clinic", ValueType.DYN),
      Map.of("name", ValueType.TEXT, "district", ValueType.TEXT, "groups", ValueType.TEXT_LIST,
          "birth", ValueType.DATE, "phone", ValueType.TEXT, "language", ValueType.TEXT));

  static final Instant NOW = Instant.parse("2024-06-01T10:15:30Z");

  static Bindings bindings(Map<String, Object> answers, Map<String, Object> vars, Map<String, Object> contact) {
    return new Bindings(new HashMap<>(answers), new HashMap<>(vars), new HashMap<>(contact), "ussd", NOW, "1");
  }

  static Bindings empty() {
    return bindings(Map.of(), Map.of(), Map.of());
  }

  /** The diagnostics as {@code file:line:col: error: message} lines, in file order. */
  static String report(Diagnostics d) {
    StringBuilder sb = new StringBuilder();
    d.sorted().forEach(x -> sb.append(x).append('\n'));
    return sb.toString().strip();
  }
}
