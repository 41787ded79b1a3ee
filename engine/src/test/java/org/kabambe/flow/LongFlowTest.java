package org.kabambe.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;

/**
 * A long valid flow (thousands of {@code say -> next} nodes, under the size limit) loads like any other: every walk
 * over the flow graph is iterative, so its depth is not bounded by the thread's stack.
 */
class LongFlowTest {
  static final int NODES = 9_000;

  @TempDir
  Path dir;

  /** {@code say} nodes in one chain, ending in a loop back to the start through a menu (a cycle to find). */
  static String chain(String id, int nodes) {
    var sb = new StringBuilder("flow: " + id + "\ntitle: Long\nlanguages: [en]\nstart: n0\n"
        + "triggers: {ussd: [\"*999#\"]}\nnodes:\n");
    for (int i = 0; i < nodes; i++) sb.append("  n").append(i).append(": {say: {text: \"Step ").append(i)
        .append("\", next: n").append(i + 1).append("}}\n");
    sb.append("  n").append(nodes).append(":\n    menu:\n      text: Again?\n      options:\n")
        .append("        - {label: \"Yes\", goto: n0}\n        - {label: \"No\", goto: bye}\n")
        .append("  bye: {end: {text: Bye}}\n");
    return sb.toString();
  }

  @Test
  void aChainOfThousandsOfNodesLoadsWithoutOverflowingTheStack() throws IOException {
    Files.writeString(dir.resolve("long.yaml"), chain("long", NODES));
    Files.writeString(dir.resolve("short.yaml"), "flow: short\ntitle: S\nlanguages: [en]\nstart: a\n"
        + "nodes:\n  a: {end: {text: Bye}}\n");
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    List<Diagnostic> errors = catalog.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertTrue(errors.isEmpty(), () -> errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    assertEquals(NODES + 2, catalog.flow("long").orElseThrow().nodes().size());
    assertTrue(catalog.flow("short").isPresent());
  }
}
