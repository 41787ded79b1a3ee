package org.kabambe.events;

import java.util.Objects;

/**
 * Where in a flow an event happened: the flow, the version of it (content hash) and the node. Empty strings when
 * they do not apply (stored as NULL), as for an SMS that reached no flow.
 */
public record Position(String flowId, String flowHash, String nodeId) {
  /** Outside any flow. */
  public static final Position NONE = new Position("", "", "");

  public Position {
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(flowHash, "flowHash");
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
