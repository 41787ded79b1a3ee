package org.kabambe.expr;

import java.util.List;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;

/**
 * Text with {@code {{ path | fallback "x" }}} insertions, parsed once at load time. TODO(expr helper).
 */
public final class Template {
  private final String raw;
  private final SourcePos pos;

  private Template(String raw, SourcePos pos) {
    this.raw = raw;
    this.pos = pos;
  }

  /** Parses {@code raw}; malformed insertions are reported at their exact position. */
  public static Template parse(String raw, SourcePos pos, Diagnostics diagnostics) {
    return new Template(raw, pos);
  }

  /** The text as written, with its insertions unexpanded. */
  public String raw() {
    return raw;
  }

  public SourcePos pos() {
    return pos;
  }

  /** True when the text has no insertions (its rendering is {@link #raw()}). */
  public boolean isPlain() {
    return true;
  }

  /** The dotted paths this template inserts (for the validator), e.g. {@code contact.name}. */
  public List<String> paths() {
    return List.of();
  }

  /** The text with every insertion expanded; an unset value takes its fallback, else the empty string. */
  public String render(Bindings bindings) {
    return raw;
  }

  @Override
  public String toString() {
    return raw;
  }
}
