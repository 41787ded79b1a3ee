package org.kabambe.flowtest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.Flow;
import org.kabambe.runtime.StepResult;

/** Which nodes of each flow the tests passed through, and which none did. */
public record Coverage(Map<String, List<String>> unvisited, Map<String, Integer> totals) {
  public Coverage {
    unvisited = Map.copyOf(unvisited);
    totals = Map.copyOf(totals);
  }

  public static Coverage of(Catalog catalog, List<FlowTestResult> results) {
    Set<StepResult.Visit> seen = new HashSet<>();
    results.forEach(r -> seen.addAll(r.visited()));
    Map<String, List<String>> unvisited = new LinkedHashMap<>();
    Map<String, Integer> totals = new LinkedHashMap<>();
    for (Flow f : catalog.flows().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
      List<String> missing = new ArrayList<>();
      for (String node : f.nodes().keySet()) {
        if (!seen.contains(new StepResult.Visit(f.id(), node))) missing.add(node);
      }
      unvisited.put(f.id(), missing);
      totals.put(f.id(), f.nodes().size());
    }
    return new Coverage(unvisited, totals);
  }

  public boolean complete() {
    return unvisited.values().stream().allMatch(List::isEmpty);
  }

  /** One line per flow: {@code vaccine-confidence: 23/23 nodes visited}, naming the nodes no test visits. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    totals.forEach((flow, total) -> {
      List<String> missing = unvisited.get(flow);
      out.add(flow + ": " + (total - missing.size()) + "/" + total + " nodes visited"
          + (missing.isEmpty() ? "" : " (not visited: " + String.join(", ", missing) + ")"));
    });
    return out;
  }
}
