package org.kabambe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.catalog.Catalog;
import org.kabambe.flowtest.Coverage;
import org.kabambe.flowtest.FlowTest;
import org.kabambe.flowtest.FlowTestParser;
import org.kabambe.flowtest.FlowTestResult;
import org.kabambe.flowtest.FlowTestRunner;
import org.kabambe.simulator.GatewayWire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe test PATH…}: runs flow tests and reports failures with the screen the phone showed. */
@Command(name = "test", description = "Run flow tests (a flows folder runs its tests/ folder).")
final class TestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "a flows folder, a tests folder or test files")
  List<Path> paths;

  @Option(names = "--flows", paramLabel = "DIR", description = "the flows the tests run against (default: found from PATH)")
  Optional<Path> flowsDir;

  @Option(names = "--gateway", paramLabel = "NAME", defaultValue = "generic",
      description = "the USSD gateway whose wire format the steps travel in: africastalking, hubtel, nalo, dmark"
          + " or generic (default: ${DEFAULT-VALUE})")
  String gateway;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path flows = flowsDir.orElseGet(() -> flowsFor(paths.get(0)));
    GatewayWire wire = GatewayWire.named(gateway).orElseThrow(() -> new CliException("--gateway must be one of "
        + GatewayWire.names() + ", not '" + gateway + "'"));
    if (!Files.isDirectory(flows)) throw new CliException("no flows folder at " + flows);
    List<Path> files = new ArrayList<>();
    for (Path p : paths) files.addAll(testFiles(p));
    try (var runner = startRunner(flows, wire)) {
      return run(out, runner, files);
    }
  }

  private static FlowTestRunner startRunner(Path flows, GatewayWire wire) {
    try {
      return FlowTestRunner.start(flows, wire);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  private int run(PrintWriter out, FlowTestRunner runner, List<Path> files) throws IOException {
    Catalog catalog = runner.catalog();
    catalog.diagnostics().stream().filter(Diagnostic::isError).forEach(out::println);
    List<FlowTestResult> results = new ArrayList<>();
    int broken = 0;
    for (Path file : files) {
      Diagnostics d = new Diagnostics();
      Optional<FlowTest> test = FlowTestParser.parse(file.toString(), Files.readAllBytes(file), d);
      d.sorted().forEach(out::println);
      if (test.isEmpty()) {
        broken++;
        continue;
      }
      FlowTestResult r = runner.run(test.get(), file.toString());
      results.add(r);
      out.println(r.passed() ? "PASS " + file + ": " + test.get().name()
          : "FAIL " + file + ": " + test.get().name() + "\n" + r.failure().get());
    }
    Coverage coverage = Coverage.of(catalog, results);
    out.println();
    coverage.lines().forEach(l -> out.println("coverage: " + l));
    long failed = results.stream().filter(r -> !r.passed()).count() + broken;
    out.println((results.size() + broken - failed) + " passed, " + failed + " failed");
    out.flush();
    return failed > 0 || catalog.hasErrors() || files.isEmpty() ? Main.INPUT_WRONG : Main.OK;
  }

  /** A flows folder holds tests/; a tests folder or a test file sits inside the flows folder. */
  private static Path flowsFor(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.isDirectory(abs.resolve("tests"))) return abs;
    Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
    return dir.getFileName() != null && dir.getFileName().toString().equals("tests") ? dir.getParent() : dir;
  }

  private static List<Path> testFiles(Path p) throws IOException {
    Path dir = Files.isDirectory(p.resolve("tests")) ? p.resolve("tests") : p;
    if (!Files.isDirectory(dir)) return List.of(p);
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
