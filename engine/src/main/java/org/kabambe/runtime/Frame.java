package org.kabambe.runtime;

import java.util.Map;

/**
 * One flow on the call stack: where it stands and what it has saved. A called flow gets its own frame, so its
 * answers don't mix with the caller's. {@code flowHash} pins the version the frame started on.
 */
public record Frame(String flowId, String flowHash, String nodeId, Map<String, Object> answers,
                    Map<String, Object> vars) {
  public Frame {
    answers = Map.copyOf(answers);
    vars = Map.copyOf(vars);
  }

  Frame at(String node) {
    return new Frame(flowId, flowHash, node, answers, vars);
  }
}
