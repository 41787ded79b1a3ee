package org.kabambe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kabambe.diag.Diagnostic;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.flow.validate.DiagnosticFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe validate PATH…}: every finding as {@code file:line:col: error|warning: message}. */
@Command(name = "validate", description = "Check flows (files or folders; a folder brings its programme files).")
final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "flow files or folders")
  List<Path> paths;

  @Option(names = "--json", description = "print the findings as a JSON array")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Catalog catalog = CatalogLoader.standard().load(paths);
    List<Diagnostic> findings = catalog.diagnostics();
    if (json) {
      out.println(DiagnosticFormat.json(findings));
    } else {
      String text = DiagnosticFormat.text(findings);
      if (!text.isEmpty()) out.println(text.stripTrailing());
      long errors = findings.stream().filter(Diagnostic::isError).count();
      out.printf("%d flow%s loaded; %d error%s, %d warning%s%n", catalog.flows().size(),
          catalog.flows().size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
          findings.size() - errors, findings.size() - errors == 1 ? "" : "s");
    }
    out.flush();
    return catalog.hasErrors() ? Main.INPUT_WRONG : Main.OK;
  }
}
