package org.kabambe.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Rewrites CEL's parser and checker messages in words a content author understands. */
final class CelMessages {
  private static final Pattern NO_OVERLOAD =
      Pattern.compile("found no matching overload for '([^']+)' applied to '\\((.*)\\)'.*", Pattern.DOTALL);
  private static final Pattern NO_FIELD_SELECTION = Pattern.compile("type '([^']+)' does not support field selection");
  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'.*");
  private static final Pattern MISMATCHED = Pattern.compile("mismatched input '(.*)' expecting.*", Pattern.DOTALL);
  private static final Pattern EXTRANEOUS = Pattern.compile("extraneous input '(.*)' expecting.*", Pattern.DOTALL);
  private static final Pattern TOKEN = Pattern.compile("token recognition error at: '(.*)'");

  private static final Map<String, String> OPERATORS = Map.ofEntries(
      Map.entry("_<_", "<"), Map.entry("_<=_", "<="), Map.entry("_>_", ">"), Map.entry("_>=_", ">="),
      Map.entry("_==_", "=="), Map.entry("_!=_", "!="), Map.entry("_+_", "+"), Map.entry("_-_", "-"),
      Map.entry("_*_", "*"), Map.entry("_/_", "/"), Map.entry("_%_", "%"), Map.entry("_&&_", "&&"),
      Map.entry("_||_", "||"), Map.entry("!_", "!"), Map.entry("-_", "-"), Map.entry("_?_:_", "? :"),
      Map.entry("@in", "in"), Map.entry("_[_]", "[ ]"));

  private CelMessages() {}

  /** A syntax error from the parser. */
  static String syntax(String celMessage) {
    Matcher m = MISMATCHED.matcher(celMessage);
    if (m.matches()) return m.group(1).equals("<EOF>")
        ? "the expression ends too early: something is missing here"
        : "unexpected '" + m.group(1) + "' here";
    m = EXTRANEOUS.matcher(celMessage);
    if (m.matches()) return "unexpected '" + m.group(1) + "' here";
    m = TOKEN.matcher(celMessage);
    if (m.matches()) return "'" + m.group(1) + "' cannot be used in an expression (text goes in quotes: 'like this')";
    return "this is not a valid expression: " + celMessage;
  }

  /** A type-check error, with {@code names} for did-you-mean hints on unknown identifiers. */
  static String check(String celMessage, ScopeNames names) {
    Matcher m = UNDECLARED.matcher(celMessage);
    if (m.matches()) return names.unknownIdentifier(m.group(1));
    m = NO_OVERLOAD.matcher(celMessage);
    if (m.matches()) return noOverload(m.group(1), splitTypes(m.group(2)));
    m = NO_FIELD_SELECTION.matcher(celMessage);
    if (m.matches()) return ScopeNames.article(CelTypeMapping.label(m.group(1))) + " has no parts to pick with '.'";
    return celMessage;
  }

  private static String noOverload(String function, List<String> types) {
    String labels = types.stream().map(CelTypeMapping::label).collect(Collectors.joining(" and "));
    String op = OPERATORS.get(function);
    return "'" + (op == null ? function : op) + "' cannot be used with " + labels;
  }

  /** Splits CEL's "(double, list(string))" argument list at its top-level commas. */
  private static List<String> splitTypes(String inside) {
    ArrayList<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth--;
      else if (c == ',' && depth == 0) {
        out.add(inside.substring(start, i).trim());
        start = i + 1;
      }
    }
    if (!inside.isBlank()) out.add(inside.substring(start).trim());
    return out;
  }
}
