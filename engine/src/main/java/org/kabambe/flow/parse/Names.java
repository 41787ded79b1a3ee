package org.kabambe.flow.parse;

import java.util.Locale;
import java.util.regex.Pattern;
import org.kabambe.flow.yaml.YamlValue;

/** The forms of the names authors choose (flow ids, node ids, answer and variable names), checked where written. */
final class Names {
  private static final Pattern FLOW_ID = Pattern.compile("[a-z0-9-]+");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]+");
  // answers.NAME, vars.NAME and contact.NAME are read by CEL, so these must be CEL identifiers
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Names() {}

  static boolean isFlowId(String s) {
    return FLOW_ID.matcher(s).matches();
  }

  static boolean isNodeId(String s) {
    return NODE_ID.matcher(s).matches();
  }

  static boolean isVariable(String s) {
    return VARIABLE.matcher(s).matches();
  }

  /** Reports a flow id that is not lower-case letters, digits and '-'; true when it is fine. */
  static boolean checkFlowId(String id, YamlValue where) {
    if (isFlowId(id)) return true;
    where.error("flow id '" + id + "' can only use lower-case letters, digits and '-' (e.g. '"
        + suggestedFlowId(id) + "')");
    return false;
  }

  /** Reports a name that CEL could not read as {@code answers.NAME}/{@code vars.NAME}; true when it is fine. */
  static boolean checkVariable(String name, String role, YamlValue where) {
    if (isVariable(name)) return true;
    where.error(role + " name '" + name + "' can only use letters, digits and '_', and must not start with a digit "
        + "(e.g. '" + name.replaceAll("[^A-Za-z0-9_]", "_") + "')");
    return false;
  }

  private static String suggestedFlowId(String id) {
    String s = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return s.isEmpty() ? "my-flow" : s;
  }
}
