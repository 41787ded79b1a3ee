package org.kabambe.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kabambe.contact.ContactExporter;
import org.kabambe.export.Pseudonyms;
import org.kabambe.contact.ContactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe contacts import|export|forget}: contacts in and out as CSV, and erasure ({@link ContactsForget}). */
@Command(name = "contacts", description = "Import, export or forget contacts (on a stopped server's database).",
    subcommands = {ContactsCommand.Import.class, ContactsCommand.Export.class, ContactsForget.class})
final class ContactsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Options every contacts command shares. */
  static final class Common {
    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Option(names = "--flows", defaultValue = "${env:KABAMBE_FLOWS:-flows}",
        description = "flows folder, for fields.yaml (env KABAMBE_FLOWS; default flows)")
    Path flows;
  }

  @Command(name = "import", description = "Import contacts from a CSV file whose header row names the columns: "
      + "phone, language, groups (separated by ';'), opted_out, consented_at and the fields of fields.yaml. "
      + "Bad rows are reported with their line; good rows are imported; a re-import updates.")
  static final class Import implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    Common common;

    @Parameters(paramLabel = "FILE.csv", description = "the contacts file")
    Path file;

    @Option(names = "--region", paramLabel = "CC",
        description = "country of numbers written without a country code, e.g. KE (env KABAMBE_REGION)")
    Optional<String> region;

    @Override
    public Integer call() {
      String command = "kabambe contacts import";
      if (!Files.isRegularFile(file)) throw new CliException(command + ": no file " + file);
      var fields = ContactsDatabase.fields(command, common.flows);
      var numbers = ContactsDatabase.numbers(command, region);
      try (var db = CliDatabase.open(command, common.db.location())) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var summary = ContactImport.file(command, file, db, fields, numbers, out, err);
        return summary.rejected() == 0 ? Main.OK : Main.INPUT_WRONG;
      }
    }
  }

  @Command(name = "export", description = "Export every contact as CSV. The number and the fields marked pii are "
      + "pseudonymised as in every export (HMAC-SHA256 under KABAMBE_SECRET, or a secret generated once into the "
      + "database) unless --reveal is given (audited).")
  static final class Export implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    Common common;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE (default: standard output)")
    Optional<Path> out;

    @Option(names = "--reveal", description = "show numbers and personal fields as they are (audited; handle the "
        + "file as personal data)")
    boolean reveal;

    @Override
    public Integer call() throws IOException {
      String command = "kabambe contacts export";
      var fields = ContactsDatabase.fields(command, common.flows);
      try (var db = CliDatabase.openExisting(command, common.db.location())) {
        if (reveal) RevealAudit.record(db, "contacts", "contacts with numbers and personal fields");
        Optional<Pseudonyms> pseudonyms = reveal ? Optional.empty() : Optional.of(Pseudonyms.of(db));
        var exporter = new ContactExporter(new ContactStore(db), fields, pseudonyms);
        long written;
        if (out.isPresent()) {
          try (Writer w = Files.newBufferedWriter(out.get(), StandardCharsets.UTF_8)) {
            written = exporter.run(w);
          }
        } else {
          Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
          written = exporter.run(w);
        }
        var err = spec.commandLine().getErr();
        err.println(written + " contacts exported" + out.map(p -> " to " + p).orElse("")
            + (reveal ? " with numbers and personal fields revealed" : "; numbers and pii fields pseudonymised"
            + " (--reveal to show them)"));
        err.flush();
        return Main.OK;
      }
    }
  }
}
