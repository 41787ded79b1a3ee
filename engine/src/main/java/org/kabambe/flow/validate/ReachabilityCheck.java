package org.kabambe.flow.validate;

import org.kabambe.diag.Diagnostics;

/**
 * Nodes no participant can get to (a warning: harmless but probably a mistake), and nodes from which a
 * participant can never finish because no path leads to an {@code end} (an error).
 */
// Nodes inside an input-free loop are reported by InputFreeLoopCheck, the clearer message, and not here.
final class ReachabilityCheck implements FlowCheck {
  public void check(FlowGraph graph, Diagnostics out) {
    if (graph.start < 0) return; // everything would look unreachable; the unknown start is the finding
    boolean[] reachable = graph.reachable();
    boolean[] reachesEnd = graph.reachesEnd();
    for (int i = 0; i < graph.size(); i++) {
      var node = graph.nodes.get(i);
      if (!reachable[i]) {
        out.warning(node.pos(), "node '" + node.id() + "' is never reached from the start node '"
            + graph.flow.start().node() + "': link to it with a goto or next, or delete it");
      } else if (!reachesEnd[i] && !graph.inInputFreeLoop(i)) {
        out.error(node.pos(), "no path from node '" + node.id() + "' leads to an end node, so a participant"
            + " who gets here can never finish: give it (or a node after it) a way to an end node");
      }
    }
  }
}
