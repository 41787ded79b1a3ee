package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flowtest.Coverage;
import org.kabambe.flowtest.FlowTest;
import org.kabambe.flowtest.FlowTestParser;
import org.kabambe.flowtest.FlowTestResult;
import org.kabambe.flowtest.FlowTestRunner;
import org.kabambe.simulator.GatewayWire;

/** The demo programme in {@code flows/} is valid and its flow tests pass, visiting every node: the build checks. */
class DemoProgrammeTest {
  private static final Path FLOWS = CliTest.DEMO_FLOWS;

  @Test
  void theDemoFlowsValidateWithoutErrors() {
    Catalog catalog = CatalogLoader.standard().load(List.of(FLOWS));
    List<Diagnostic> errors = catalog.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertTrue(errors.isEmpty(), () -> errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    assertTrue(catalog.flows().keySet().containsAll(List.of("vaccine-confidence", "teen-health", "climate", "language")),
        catalog.flows().keySet()::toString);
  }

  /**
   * Over our generic JSON (the dashboard simulator's format), Africa's Talking's cumulative {@code text} with
   * {@code CON}/{@code END} replies, and Hubtel's JSON {@code Type}/{@code Message}: what a participant on each
   * gateway sees, through the gateway's route, parser and reply writer.
   */
  @ParameterizedTest
  @EnumSource(value = GatewayWire.class, names = {"GENERIC", "AFRICASTALKING", "HUBTEL"})
  void everyDemoFlowTestPassesAndTogetherTheyVisitEveryNode(GatewayWire gateway) throws IOException {
    try (var runner = FlowTestRunner.start(FLOWS, gateway)) {
      runAll(runner);
    }
  }

  private static void runAll(FlowTestRunner runner) throws IOException {
    Catalog catalog = runner.catalog();
    List<FlowTestResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(FLOWS.resolve("tests"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "the demo programme has flow tests");
    for (Path file : files) {
      Diagnostics d = new Diagnostics();
      FlowTest test = FlowTestParser.parse(file.toString(), Files.readAllBytes(file), d)
          .orElseThrow(() -> new AssertionError(file + " does not parse: " + d.sorted()));
      FlowTestResult r = runner.run(test, file.toString());
      results.add(r);
      r.failure().ifPresent(f -> failures.add("FAIL " + file + ": " + test.name() + "\n" + f));
    }
    assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
    assertEquals(files.size(), results.size());
    Coverage coverage = Coverage.of(catalog, results);
    assertTrue(coverage.complete(), () -> String.join("\n", coverage.lines()));
  }
}
