package org.kabambe.flow.validate;

import org.kabambe.diag.Diagnostics;

/** One rule about a single flow; each reports its findings at the position of the thing at fault. */
interface FlowCheck {
  void check(FlowGraph graph, Diagnostics out);
}
