package org.kabambe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.export.Pseudonyms;
import org.kabambe.handover.HandOver;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kabambe export all --out DIR}: the programme's hand-over (see {@link HandOver}). */
@Command(name = "all", description = "Hand the programme over: flow and campaign files, contacts, results, runs, "
    + "messages and daily figures as CSV (UTF-8, RFC 4180), a README.md describing every file and column, and a "
    + "SHA256SUMS manifest. Numbers and pii fields are pseudonymised unless --reveal is given (audited).")
final class ExportAll implements Callable<Integer> {
  private static final String COMMAND = "kabambe export all";

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Mixin
  DatabaseOption db;

  @Option(names = "--flows", defaultValue = "${env:KABAMBE_FLOWS:-flows}",
      description = "the deployed flows folder: copied, and read for fields.yaml and menu labels (env KABAMBE_FLOWS)")
  Path flows;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "a new or empty folder")
  Path out;

  @Option(names = "--reveal", description = "numbers, personal fields and message texts as they are (audited; "
      + "handle the folder as personal data)")
  boolean reveal;

  @Override
  public Integer call() throws IOException {
    var fields = ContactsDatabase.fields(COMMAND, flows);
    try (Database database = CliDatabase.openExisting(COMMAND, db.location())) {
      Optional<Catalog> catalog = Files.isDirectory(flows)
          ? Optional.of(CatalogLoader.standard().load(List.of(flows))) : Optional.empty();
      if (reveal) {
        RevealAudit.record(database, "all", "hand-over with numbers, personal fields and message texts to " + out);
      }
      var source = new HandOver.Source(database, Optional.of(flows), catalog, fields, Pseudonyms.of(database));
      HandOver.Written written;
      try {
        written = new HandOver(source, reveal).write(out);
      } catch (IllegalArgumentException e) {
        throw new CliException(COMMAND + ": " + e.getMessage());
      }
      var err = spec.commandLine().getErr();
      written.rows().forEach((file, rows) -> err.println(file + ": " + rows + " rows"));
      err.println(written.flowFiles().size() + " flow files copied" + (Files.isDirectory(flows) ? " from " + flows
          : " (no folder " + flows + ")") + "; README.md describes every file; check with: cd " + out
          + " && sha256sum -c " + HandOver.MANIFEST + (reveal ? "\nnumbers and personal fields revealed: handle "
          + out + " as personal data" : ""));
      err.flush();
      return Main.OK;
    }
  }
}
