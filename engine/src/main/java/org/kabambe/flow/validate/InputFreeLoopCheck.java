package org.kabambe.flow.validate;

import java.util.stream.Collectors;
import org.kabambe.diag.Diagnostics;

/**
 * A loop of nodes that never wait for the participant would spin forever and the interpreter would have to give
 * up mid-session. Reported once per loop, at its first node in the file, naming the path.
 */
final class InputFreeLoopCheck implements FlowCheck {
  public void check(FlowGraph graph, Diagnostics out) {
    for (var loop : graph.inputFreeLoops()) {
      String path = loop.stream().map(v -> graph.nodes.get(v).id()).collect(Collectors.joining(" -> "));
      out.error(graph.nodes.get(loop.get(0)).pos(), "these nodes go round in a loop without ever waiting for the"
          + " participant: " + path + "; put a menu or ask inside the loop, or route out of it");
    }
  }
}
