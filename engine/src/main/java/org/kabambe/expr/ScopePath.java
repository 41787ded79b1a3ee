package org.kabambe.expr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dotted path a flow can read, such as {@code answers.age}, {@code session.channel} or {@code vars.clinic.name}
 * (segments after the name walk into a map, e.g. a webhook's JSON result), resolved once so that reading it per
 * hop is a field access and a map lookup.
 */
record ScopePath(Root root, String name, List<String> rest) {

  /** Where a path starts. */
  enum Root {
    ANSWERS("answers"), VARS("vars"), CONTACT("contact"), SESSION("session"), NOW("now"), INPUT("input");

    final String word;

    Root(String word) {
      this.word = word;
    }

    /** True for the roots whose next segment is a name chosen by the author. */
    boolean hasNames() {
      return this == ANSWERS || this == VARS || this == CONTACT;
    }

    static Optional<Root> of(String word) {
      for (Root r : values()) if (r.word.equals(word)) return Optional.of(r);
      return Optional.empty();
    }
  }

  ScopePath {
    rest = List.copyOf(rest);
  }

  /** The path split at its dots; empty when its first segment is not a root. Not checked against a scope. */
  static Optional<ScopePath> parse(String dotted) {
    List<String> segments = List.of(dotted.split("\\.", -1));
    return Root.of(segments.get(0)).map(root -> {
      String name = segments.size() > 1 ? segments.get(1) : "";
      List<String> rest = segments.size() > 2 ? segments.subList(2, segments.size()) : List.of();
      return new ScopePath(root, name, rest);
    });
  }

  /** The value at this path in the Java forms of {@link ValueType}; null when it has not been set. */
  Object read(Bindings b) {
    Object v = switch (root) {
      case ANSWERS -> get(b.answers(), name);
      case VARS -> get(b.vars(), name);
      case CONTACT -> get(b.contact(), name);
      case SESSION -> "channel".equals(name) ? b.channel() : null;
      case NOW -> b.now();
      case INPUT -> b.input();
    };
    for (int i = 0; i < rest.size() && v != null; i++) {
      v = v instanceof Map<?, ?> m ? m.get(rest.get(i)) : null;
    }
    return v;
  }

  private static Object get(Map<String, Object> values, String key) {
    return values == null ? null : values.get(key);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(root.word);
    if (!name.isEmpty()) sb.append('.').append(name);
    rest.forEach(s -> sb.append('.').append(s));
    return sb.toString();
  }
}
