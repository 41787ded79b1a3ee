package org.kabambe.flow.validate;

import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Ref;
import org.kabambe.diag.DidYouMean;

/** Every {@code start}, {@code goto}, {@code next}, {@code else}, {@code on_error}... must name a node. */
final class ReferenceCheck implements FlowCheck {
  public void check(FlowGraph graph, Diagnostics out) {
    report("start", graph.flow.start(), graph, out);
    for (var node : graph.nodes) {
      for (var r : NodeRefs.of(node)) report(r.field(), r.ref(), graph, out);
    }
  }

  private static void report(String field, Ref ref, FlowGraph graph, Diagnostics out) {
    if (graph.exists(ref.node())) return;
    String hint = DidYouMean.closest(ref.node(), graph.flow.nodes().keySet())
        .map(s -> "did you mean '" + s + "'?")
        .orElse("add a node with this id under nodes:, or fix the name");
    out.error(ref.pos(), field + ": there is no node '" + ref.node() + "' in this flow; " + hint);
  }
}
