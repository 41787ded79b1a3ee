package org.kabambe.flow.yaml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns SnakeYAML's parser messages into what an author can act on. */
final class YamlSyntaxHints {
  private YamlSyntaxHints() {}

  static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "unexpected content" : e.getProblem().strip();
    return "YAML syntax error: " + problem + "; " + hint(problem, e.getContext());
  }

  private static String hint(String problem, String context) {
    String p = problem.toLowerCase(Locale.ROOT);
    String c = context == null ? "" : context.toLowerCase(Locale.ROOT);
    if (p.contains("mapping values are not allowed")) {
      return "a text that contains ': ' must be put in quotes, or the line is indented wrongly";
    }
    if (c.contains("quoted scalar")) return "a quote opened earlier is not closed";
    if (p.contains("found character '@'") || p.contains("found character '`'")) {
      return "a text starting with '@' or '`' must be put in quotes";
    }
    if (c.contains("flow sequence") || c.contains("flow mapping")) {
      return "a '[' or '{' is not closed, or a text inside it contains ',' or ':' and needs quotes";
    }
    if (p.contains("could not find expected ':'")) return "a key is missing its ':' (write 'key: value')";
    return "check the indentation (items of the same list or mapping line up) and put texts that contain "
        + "': ', ' #', '{' or '[' in quotes";
  }

  /** "key: value" (a key with its value on the same line), not a list item: group 1 is the key. */
  private static final Pattern KEY_WITH_VALUE = Pattern.compile("^\\s*([^\\s#:\\-][^:#]*?)\\s*:\\s+[^\\s#].*$");

  /**
   * The 0-based line of a {@code key: value} line just before {@code errorLine} that is indented less than both
   * its neighbours while they line up: that key left its mapping, and is what to fix.
   */
  static Optional<Integer> dedentedKeyBefore(List<String> lines, int errorLine) {
    if (errorLine >= lines.size() || isBlankOrComment(lines.get(errorLine))) return Optional.empty();
    int key = previousContent(lines, errorLine);
    int before = key < 0 ? -1 : previousContent(lines, key);
    if (before < 0 || !KEY_WITH_VALUE.matcher(lines.get(key)).matches()) return Optional.empty();
    int column = keyColumn(lines.get(key));
    int siblings = keyColumn(lines.get(errorLine));
    return column < siblings && siblings == keyColumn(lines.get(before)) ? Optional.of(key) : Optional.empty();
  }

  /**
   * The message for {@link #dedentedKeyBefore}'s line. Which of the two lines is wrong only the author knows: the
   * key may belong with its neighbours, or be right where the next line is indented too far.
   */
  static String dedentedKey(List<String> lines, int line) {
    var m = KEY_WITH_VALUE.matcher(lines.get(line));
    String key = m.matches() ? m.group(1) : lines.get(line).strip();
    int next = nextContent(lines, line);
    return "YAML indentation error: '" + key + "' is indented less than the lines before and after it, so it leaves"
        + " the mapping they belong to: indent it like them (" + keyColumn(lines.get(next)) + " spaces), or, if it"
        + " is where it belongs, line " + (next + 1) + " is indented too far";
  }

  /** Where a line's key starts: after its indentation and any "- " list markers. */
  static int keyColumn(String line) {
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ') i++;
      else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == ' ') i += 2;
      else break;
    }
    return i;
  }

  private static int nextContent(List<String> lines, int line) {
    for (int i = line + 1; i < lines.size(); i++) {
      if (!isBlankOrComment(lines.get(i))) return i;
    }
    return line;
  }

  private static int previousContent(List<String> lines, int line) {
    for (int i = line - 1; i >= 0; i--) {
      if (!isBlankOrComment(lines.get(i))) return i;
    }
    return -1;
  }

  private static boolean isBlankOrComment(String line) {
    String s = line.strip();
    return s.isEmpty() || s.startsWith("#");
  }
}
