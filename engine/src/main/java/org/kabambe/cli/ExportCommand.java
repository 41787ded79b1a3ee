package org.kabambe.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.kabambe.analytics.Pseudonyms;
import org.kabambe.analytics.ResultsExport;
import org.kabambe.api.Audit;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kabambe export results FLOW}: a flow's answers as CSV, streamed, numbers pseudonymised. */
@Command(name = "export", description = "Export data as CSV.", subcommands = {ExportCommand.Results.class})
final class ExportCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "results", description = "One row per participant and question (UTF-8 with BOM, RFC 4180).")
  static final class Results implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLOW", description = "the flow id")
    String flow;

    @Option(names = "--format", defaultValue = "csv", description = "csv (the only format so far)")
    String format;

    @Option(names = "--db", defaultValue = "${env:KABAMBE_DB:-data/kabambe}", description = "H2 database file")
    String db;

    @Option(names = "--flows", defaultValue = "${env:KABAMBE_FLOWS:-flows}",
        description = "flows folder, to tell a flow with no answers yet from a mistyped one (env KABAMBE_FLOWS)")
    Path flows;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    @Option(names = "--reveal", description = "real phone numbers instead of pseudonyms (audited)")
    boolean reveal;

    private static final String COMMAND = "kabambe export results";

    /** A flow is known when answers to it are stored, or when the flows folder has it (no answers yet). */
    private void requireKnown(ResultsExport export) {
      if (export.hasAnswers(flow)) return;
      var catalog = org.kabambe.flow.CatalogLoader.standard().load(java.util.List.of(flows));
      if (catalog.flow(flow).isPresent()) return;
      throw new CliException(COMMAND + ": there is no flow '" + flow + "': no answers to it in " + db + " and no such "
          + "flow in " + flows + (catalog.flows().isEmpty() ? "" : " (flows: " + String.join(", ",
          catalog.flows().keySet()) + ")"));
    }

    @Override
    public Integer call() throws IOException {
      if (!format.equals("csv")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be csv");
      }
      try (Database database = CliDatabase.openExisting(COMMAND, db)) {
        var export = new ResultsExport(database, Pseudonyms.of(database));
        requireKnown(export);
        if (reveal) {
          try (var c = database.connection()) {
            Audit.record(c, Instant.now(), "cli", "export.reveal", "flow " + flow, "results with phone numbers");
          } catch (java.sql.SQLException e) {
            throw new CliException("cannot audit the export: " + e.getMessage());
          }
        }
        long rows;
        if (out == null) {
          Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 64 * 1024);
          rows = export.write(flow, reveal, w);
        } else {
          try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            rows = export.write(flow, reveal, w);
          }
        }
        spec.commandLine().getErr().println(rows + " rows of " + flow + " exported"
            + (out == null ? "" : " to " + out));
      }
      return Main.OK;
    }
  }
}
