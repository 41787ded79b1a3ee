package org.kabambe.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kabambe.analytics.Questions;
import org.kabambe.analytics.ResultsExport;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.export.Pseudonyms;
import org.kabambe.flow.Flow;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kabambe export results FLOW}: a flow's answers as CSV, streamed, numbers pseudonymised. */
@Command(name = "export", description = "Export data as CSV.", subcommands = {ExportCommand.Results.class,
    ExportAll.class})
final class ExportCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "results", description = "One row per participant and question (UTF-8 with BOM, RFC 4180).")
  static final class Results implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLOW", description = "the flow id")
    String flow;

    @Option(names = "--format", defaultValue = "csv", description = "csv (the only format so far)")
    String format;

    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Option(names = "--flows", defaultValue = "${env:KABAMBE_FLOWS:-flows}",
        description = "flows folder: the labels of menu answers, and a flow with no answers yet told from a mistyped one"
            + " (env KABAMBE_FLOWS)")
    Path flows;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    @Option(names = "--reveal", description = "real phone numbers instead of pseudonyms (audited)")
    boolean reveal;

    private static final String COMMAND = "kabambe export results";

    /** A flow is known when answers to it are stored, or when the flows folder has it (no answers yet). */
    private void requireKnown(ResultsExport export, Optional<Catalog> catalog) {
      if (export.hasAnswers(flow)) return;
      if (catalog.flatMap(c -> c.flow(flow)).isPresent()) return;
      var known = catalog.map(c -> c.flows().keySet()).orElse(Set.of());
      throw new CliException(COMMAND + ": there is no flow '" + flow + "': no answers to it in " + Database.shown(db.location()) + " and no such "
          + "flow in " + flows + (known.isEmpty() ? "" : " (flows: " + String.join(", ", known) + ")"));
    }

    @Override
    public Integer call() throws IOException {
      if (!format.equals("csv")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be csv");
      }
      try (Database database = CliDatabase.openExisting(COMMAND, db.location())) {
        var export = new ResultsExport(database, Pseudonyms.of(database));
        // Loaded once, for both: whether the flow exists, and its menu labels.
        Optional<Catalog> catalog = Files.isDirectory(flows)
            ? Optional.of(CatalogLoader.standard().load(List.of(flows))) : Optional.empty();
        requireKnown(export, catalog);
        if (reveal) RevealAudit.record(database, "flow " + flow, "results with phone numbers");
        Questions questions = questions(catalog);
        long rows;
        if (out == null) {
          Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 64 * 1024);
          rows = export.write(flow, questions, reveal, w);
        } else {
          try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            rows = export.write(flow, questions, reveal, w);
          }
        }
        spec.commandLine().getErr().println(rows + " rows of " + flow + " exported"
            + (out == null ? "" : " to " + out));
      }
      return Main.OK;
    }

    /** The flow's menu labels; without the flow (renamed, or another folder) the label column stays empty. */
    private Questions questions(Optional<Catalog> catalog) {
      Optional<Flow> loaded = catalog.flatMap(c -> c.flow(flow));
      if (loaded.isEmpty()) {
        spec.commandLine().getErr().println("no flow " + flow + " in " + flows + ": the answer_label column is empty"
            + " (--flows names the folder)");
      }
      return loaded.map(Questions::of).orElse(Questions.NONE);
    }
  }
}
