package org.kabambe.flowtest;

import java.util.List;
import java.util.Optional;
import org.kabambe.runtime.StepResult;

/** How one flow test went: passed, or the first failing step with what was expected and what was shown. */
public record FlowTestResult(FlowTest test, String file, Optional<String> failure, List<StepResult.Visit> visited) {
  public FlowTestResult {
    visited = List.copyOf(visited);
  }

  public boolean passed() {
    return failure.isEmpty();
  }
}
