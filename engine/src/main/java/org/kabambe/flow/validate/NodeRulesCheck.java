package org.kabambe.flow.validate;

import java.util.HashMap;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Node;

/**
 * Rules about one node's own settings: menu size, distinct option values, positive random weights, and a place
 * to go when retries run out.
 */
final class NodeRulesCheck implements FlowCheck {
  static final int MAX_OPTIONS = 30;

  public void check(FlowGraph graph, Diagnostics out) {
    for (var node : graph.nodes) {
      if (node instanceof Node.Menu m) checkMenu(m, out);
      if (node instanceof Node.RandomSplit r) checkArms(r, out);
      if (node instanceof Node.Ask a) checkRetries(a, out);
    }
  }

  private static void checkMenu(Node.Menu menu, Diagnostics out) {
    int count = menu.options().size();
    if (count == 0) {
      out.error(menu.pos(), "menu '" + menu.id() + "' has no options: add at least one option with a label and a"
          + " goto");
    } else if (count > MAX_OPTIONS) {
      out.error(menu.pos(), "menu '" + menu.id() + "' has " + count + " options; at most " + MAX_OPTIONS
          + " are allowed: split it into two menus (for example with a last option \"More\")");
    }
    // An option without value saves its number, so "value: 2" on option 1 collides with option 2 as well.
    var firstWithValue = new HashMap<String, Integer>();
    for (int i = 0; i < count; i++) {
      var option = menu.options().get(i);
      String value = option.value().orElse(String.valueOf(i + 1));
      Integer earlier = firstWithValue.putIfAbsent(value, i + 1);
      if (earlier != null) {
        out.warning(option.pos(), "option " + (i + 1) + " of menu '" + menu.id() + "' saves the same value \""
            + value + "\" as option " + earlier + ", so the answers cannot tell them apart: give each option its"
            + " own value");
      }
    }
  }

  private static void checkArms(Node.RandomSplit split, Diagnostics out) {
    for (int i = 0; i < split.arms().size(); i++) {
      var arm = split.arms().get(i);
      if (arm.weight() <= 0) {
        out.error(arm.pos(), "arm " + (i + 1) + " of the random route '" + split.id() + "' has weight "
            + arm.weight() + ", so no one would get it: give it a weight above 0, or remove the arm");
      }
    }
  }

  private static void checkRetries(Node.Ask ask, Diagnostics out) {
    if (ask.retries() > 0 && ask.onRetriesExhausted().isEmpty()) {
      out.error(ask.pos(), "ask '" + ask.id() + "' allows " + ask.retries() + " retries but has no"
          + " on_retries_exhausted: add on_retries_exhausted: NODE (where to go after " + ask.retries()
          + " invalid answers), or remove retries to ask again until the answer is valid");
    }
  }
}
