package org.kabambe.flow.yaml;

import java.util.Locale;
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
}
