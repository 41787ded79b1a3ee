package org.kabambe.flow.validate;

import java.util.List;
import org.kabambe.diag.Diagnostic;

/** Renders findings for people ({@code file:line:col: error: message} lines) or for tools (a JSON array). */
public final class DiagnosticFormat {
  private DiagnosticFormat() {}

  /** One finding per line, each line ending in a newline; the empty string for no findings. */
  public static String text(List<Diagnostic> diagnostics) {
    var out = new StringBuilder();
    diagnostics.forEach(d -> out.append(d).append('\n'));
    return out.toString();
  }

  /** A JSON array of {@code {"file", "line", "col", "severity", "message"}} objects, one per finding. */
  public static String json(List<Diagnostic> diagnostics) {
    var out = new StringBuilder("[");
    for (int i = 0; i < diagnostics.size(); i++) {
      Diagnostic d = diagnostics.get(i);
      if (i > 0) out.append(',');
      out.append("\n  {\"file\": ");
      quote(d.pos().file(), out);
      out.append(", \"line\": ").append(d.pos().line());
      out.append(", \"col\": ").append(d.pos().col());
      out.append(", \"severity\": ");
      quote(d.severity().label(), out);
      out.append(", \"message\": ");
      quote(d.message(), out);
      out.append('}');
    }
    return out.append(diagnostics.isEmpty() ? "]" : "\n]").toString();
  }

  /**
   * A JSON string literal. Everything outside printable ASCII is escaped as {@code \\uXXXX}, so the output stays
   * valid whatever charset the console or CI log decodes it with (and lone surrogates cannot corrupt it).
   */
  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}
