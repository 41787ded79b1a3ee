package org.kabambe.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kabambe.diag.DidYouMean;

/**
 * The names in a {@link Scope}, as CEL variables and as template paths, with the error messages an author sees
 * for a name that is not there.
 */
final class ScopeNames {
  static final List<String> ROOT_WORDS = List.of("answers", "vars", "contact", "session", "now", "input");
  private static final String WHAT_CAN_BE_USED =
      "you can use answers.NAME, vars.NAME, contact.NAME, session.channel, now and input";

  private final Scope scope;
  private final Map<String, ScopePath> variables = new LinkedHashMap<>();
  private final Map<String, ValueType> types = new LinkedHashMap<>();

  ScopeNames(Scope scope) {
    this.scope = scope;
    declare(ScopePath.Root.ANSWERS, scope.answers());
    declare(ScopePath.Root.VARS, scope.vars());
    declare(ScopePath.Root.CONTACT, scope.contact());
    declare(new ScopePath(ScopePath.Root.SESSION, "channel", List.of()), ValueType.TEXT);
    declare(new ScopePath(ScopePath.Root.NOW, "", List.of()), ValueType.DATE);
    declare(new ScopePath(ScopePath.Root.INPUT, "", List.of()), ValueType.TEXT);
  }

  private void declare(ScopePath.Root root, Map<String, ValueType> names) {
    new TreeSet<>(names.keySet()).forEach(n -> declare(new ScopePath(root, n, List.of()), names.get(n)));
  }

  private void declare(ScopePath path, ValueType type) {
    variables.put(path.toString(), path);
    types.put(path.toString(), type);
  }

  /** Every variable as CEL sees it: qualified name (e.g. {@code answers.age}) to its path. */
  Map<String, ScopePath> variables() {
    return variables;
  }

  /** Every variable's qualified name with its type. */
  Map<String, ValueType> types() {
    return types;
  }

  /** Why {@code field} after {@code root} is not in scope; empty when it is. */
  Optional<String> problemWithName(ScopePath.Root root, String field) {
    return switch (root) {
      case ANSWERS -> unknownIn(field, scope.answers(), "answer", "answers are the names saved by this flow",
          "this flow saves no answers");
      case VARS -> unknownIn(field, scope.vars(), "variable", "variables are the names set by this flow's set actions",
          "this flow sets no variables");
      case CONTACT -> unknownIn(field, scope.contact(), "contact field",
          "contact fields are those in fields.yaml plus phone, language and groups", "no contact fields are declared");
      case SESSION -> "channel".equals(field) ? Optional.empty()
          : Optional.of("unknown session value '" + field + "'; the only one is session.channel");
      case NOW, INPUT -> Optional.of("'" + root.word + "' has no part called '" + field + "'");
    };
  }

  private static Optional<String> unknownIn(
      String field, Map<String, ValueType> names, String kind, String explanation, String whenNone) {
    if (names.containsKey(field)) return Optional.empty();
    StringBuilder msg = new StringBuilder("unknown ").append(kind).append(" '").append(field).append("'");
    DidYouMean.closest(field, names.keySet()).ifPresent(s -> msg.append("; did you mean '").append(s).append("'?"));
    if (names.isEmpty()) msg.append(" (").append(whenNone).append(")");
    else msg.append(" (").append(explanation).append(": ").append(String.join(", ", new TreeSet<>(names.keySet())))
        .append(")");
    return Optional.of(msg.toString());
  }

  /** The message for a root used without a name after it, as in {@code answers} or {@code answers['age']}. */
  static String rootNeedsName(String root) {
    return "'" + root + "' needs a name after it, as in " + root + ".NAME";
  }

  /** The message for an identifier that is no variable at all, e.g. {@code nwo} or {@code answer.age}. */
  String unknownIdentifier(String ident) {
    List<String> candidates = new ArrayList<>(ROOT_WORDS);
    StringBuilder msg = new StringBuilder("unknown name '").append(ident).append("'");
    DidYouMean.closest(ident, candidates).ifPresent(s -> msg.append("; did you mean '").append(s).append("'?"));
    return msg.append(" (").append(WHAT_CAN_BE_USED).append(")").toString();
  }

  /**
   * Why the dotted template path is not in scope; empty when it is. Segments after a name are allowed only when
   * that name holds "any" value (e.g. a webhook result).
   */
  Optional<String> problemWithPath(String dotted) {
    Optional<ScopePath> parsed = ScopePath.parse(dotted);
    if (parsed.isEmpty()) return Optional.of(unknownIdentifier(dotted.split("\\.", -1)[0]));
    ScopePath p = parsed.get();
    if (p.root().hasNames() || p.root() == ScopePath.Root.SESSION) {
      if (p.name().isEmpty()) return Optional.of(rootNeedsName(p.root().word));
      Optional<String> problem = problemWithName(p.root(), p.name());
      if (problem.isPresent()) return problem;
    } else if (!p.name().isEmpty()) {
      return problemWithName(p.root(), p.name());
    }
    ValueType t = types.get(new ScopePath(p.root(), p.name(), List.of()).toString());
    if (!p.rest().isEmpty() && t != ValueType.DYN) {
      return Optional.of("'" + new ScopePath(p.root(), p.name(), List.of()) + "' is " + article(t.label())
          + "; it has no part called '" + p.rest().get(0) + "'");
    }
    return Optional.empty();
  }

  static String article(String label) {
    return (label.startsWith("a") || label.startsWith("i") ? "an " : "a ") + label;
  }
}
