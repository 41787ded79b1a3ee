package org.kabambe.flow.validate;

import java.util.HashMap;
import org.kabambe.diag.Diagnostics;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.Node;

/**
 * One {@code save} name holds one type of answer: a menu saves text, an ask what its {@code expect} reads.
 * Conditions like {@code answers.age < 18} are type-checked against that type.
 */
final class SaveTypeCheck implements FlowCheck {
  private record Saved(ValueType type, Node node) {}

  public void check(FlowGraph graph, Diagnostics out) {
    var first = new HashMap<String, Saved>();
    for (var node : graph.nodes) {
      if (node instanceof Node.Menu m) m.save().ifPresent(name -> record(name, ValueType.TEXT, m, first, out));
      if (node instanceof Node.Ask a) a.save().ifPresent(name -> record(name, a.expect().valueType(), a, first, out));
    }
  }

  private static void record(String name, ValueType type, Node node, HashMap<String, Saved> first,
                             Diagnostics out) {
    Saved earlier = first.putIfAbsent(name, new Saved(type, node));
    if (earlier == null || earlier.type() == type) return;
    out.error(node.pos(), node.kind() + " '" + node.id() + "' saves " + type.label() + " as '" + name + "', but "
        + earlier.node().kind() + " '" + earlier.node().id() + "' (line " + earlier.node().pos().line()
        + ") saves " + earlier.type().label() + " under the same name: use another save name for one of them");
  }
}
