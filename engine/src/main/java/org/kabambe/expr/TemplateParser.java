package org.kabambe.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.diag.DidYouMean;

/**
 * Splits a text into literals and {@code {{ path | filter "arg" | ... }}} insertions, reporting each malformed
 * insertion once, at the character where it goes wrong, and carrying on with the next.
 */
final class TemplateParser {
  private static final String EXAMPLE = "e.g. {{ contact.name | fallback \"friend\" }}";

  private final String raw;
  private final SourcePos pos;
  private final Diagnostics diagnostics;
  private final List<Template.Part> parts = new ArrayList<>();
  private int i;

  TemplateParser(String raw, SourcePos pos, Diagnostics diagnostics) {
    this.raw = raw;
    this.pos = pos;
    this.diagnostics = diagnostics;
  }

  List<Template.Part> parts() {
    int literalStart = 0;
    while (true) {
      int open = raw.indexOf("{{", i);
      if (open < 0) break;
      if (raw.indexOf("}}", open + 2) < 0) {
        error(open, "'{{' is not closed: end the insertion with '}}', " + EXAMPLE);
        break;
      }
      if (open > literalStart) parts.add(new Template.Literal(raw.substring(literalStart, open)));
      i = open + 2;
      try {
        parts.add(insertion());
      } catch (Malformed m) {
        error(m.at, m.getMessage());
        int close = raw.indexOf("}}", Math.max(m.at, open + 2));
        i = close < 0 ? raw.length() : close + 2;
      }
      literalStart = i;
    }
    if (literalStart < raw.length()) parts.add(new Template.Literal(raw.substring(literalStart)));
    return parts;
  }

  private Template.Insertion insertion() {
    int open = i - 2;
    skipSpaces();
    int pathStart = i;
    while (i < raw.length() && isPathChar(raw.charAt(i))) i++;
    String path = raw.substring(pathStart, i);
    if (path.isEmpty()) {
      if (raw.startsWith("}}", i)) throw new Malformed(open, "empty insertion: put a name inside, " + EXAMPLE);
      throw new Malformed(i, "unexpected '" + charAt(i) + "': an insertion starts with a name, " + EXAMPLE);
    }
    int emptySegment = emptySegment(path);
    if (emptySegment >= 0) {
      throw new Malformed(pathStart + emptySegment, "'" + path + "' has an empty part between its dots");
    }
    List<TemplateFilter> filters = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (i >= raw.length()) throw new Malformed(open, "'{{' is not closed: end the insertion with '}}'");
      if (raw.startsWith("}}", i)) {
        i += 2;
        return new Template.Insertion(path, at(pathStart), ScopePath.parse(path), filters);
      }
      if (raw.charAt(i) != '|') {
        throw new Malformed(i, "unexpected '" + charAt(i) + "': filters go after '|', e.g. {{ " + path + " | upper }}");
      }
      i++;
      filters.add(filter());
    }
  }

  private TemplateFilter filter() {
    skipSpaces();
    int nameStart = i;
    while (i < raw.length() && Character.isLetter(raw.charAt(i))) i++;
    String name = raw.substring(nameStart, i);
    if (name.isEmpty()) {
      throw new Malformed(nameStart, "a filter name is missing after '|' (filters: "
          + String.join(", ", TemplateFilter.NAMES) + ")");
    }
    skipSpaces();
    int argStart = i;
    Optional<String> arg = quoted();
    switch (name) {
      case "fallback" -> {
        return new TemplateFilter.Fallback(arg.orElseThrow(() ->
            new Malformed(argStart, "fallback needs a text in quotes, e.g. fallback \"friend\"")));
      }
      case "date" -> {
        String pattern = arg.orElseThrow(() ->
            new Malformed(argStart, "date needs a pattern in quotes, e.g. date \"dd/MM/yyyy\""));
        try {
          return TemplateFilter.DateFormat.of(pattern);
        } catch (IllegalArgumentException e) {
          throw new Malformed(argStart, "'" + pattern + "' is not a date pattern (" + e.getMessage()
              + "); use letters like dd/MM/yyyy");
        }
      }
      case "upper", "lower", "capitalize", "raw" -> {
        if (arg.isPresent()) throw new Malformed(argStart, "'" + name + "' takes nothing after it");
        return switch (name) {
          case "upper" -> new TemplateFilter.Upper();
          case "lower" -> new TemplateFilter.Lower();
          case "raw" -> new TemplateFilter.Raw();
          default -> new TemplateFilter.Capitalize();
        };
      }
      default -> {
        StringBuilder msg = new StringBuilder("unknown filter '").append(name).append("'");
        DidYouMean.closest(name, TemplateFilter.NAMES).ifPresent(s -> msg.append("; did you mean '").append(s)
            .append("'?"));
        msg.append(" (filters: ").append(String.join(", ", TemplateFilter.NAMES)).append(")");
        throw new Malformed(nameStart, msg.toString());
      }
    }
  }

  /** A "double" or 'single' quoted text with \" \' \\ escapes, if one starts here. */
  private Optional<String> quoted() {
    if (i >= raw.length() || (raw.charAt(i) != '"' && raw.charAt(i) != '\'')) return Optional.empty();
    char quote = raw.charAt(i);
    int start = i++;
    StringBuilder sb = new StringBuilder();
    while (i < raw.length()) {
      char c = raw.charAt(i++);
      if (c == quote) return Optional.of(sb.toString());
      if (c == '\\' && i < raw.length()) c = raw.charAt(i++);
      sb.append(c);
    }
    throw new Malformed(start, "the text in quotes is not closed: add " + quote + " at its end");
  }

  private static boolean isPathChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  private static int emptySegment(String path) {
    if (path.startsWith(".")) return 0;
    int dd = path.indexOf("..");
    if (dd >= 0) return dd + 1;
    return path.endsWith(".") ? path.length() - 1 : -1;
  }

  private void skipSpaces() {
    while (i < raw.length() && Character.isWhitespace(raw.charAt(i))) i++;
  }

  private String charAt(int k) {
    return k < raw.length() ? new String(Character.toChars(raw.codePointAt(k))) : "end of text";
  }

  private SourcePos at(int index) {
    return TextPositions.at(pos, raw, index);
  }

  private void error(int index, String message) {
    diagnostics.error(at(index), message);
  }

  /** A malformed insertion, with the index where it goes wrong. */
  private static final class Malformed extends RuntimeException {
    final int at;

    Malformed(int at, String message) {
      super(message, null, false, false);
      this.at = at;
    }
  }
}
