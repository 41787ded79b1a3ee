package org.kabambe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.kabambe.contact.ContactImporter;
import org.kabambe.contact.ImportException;
import org.kabambe.contact.ImportSummary;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.contact.ContactImportWriter;
import org.kabambe.store.Database;

/** Imports one CSV file for the CLI: rejections to stderr as {@code FILE:LINE: reason}, the summary to stdout. */
final class ContactImport {
  private ContactImport() {}

  static ImportSummary file(String command, Path csv, Database db, ContactFields fields, PhoneNumbers numbers,
                            PrintWriter out, PrintWriter err) {
    var importer = new ContactImporter(new ContactImportWriter(db), fields, numbers, Clock.systemUTC());
    try (var reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      ImportSummary summary = importer.run(reader, r -> err.println(csv + ":" + r.line() + ": " + r.reason()));
      err.flush();
      out.println(csv + ": " + summary);
      out.flush();
      return summary;
    } catch (ImportException e) {
      throw new CliException(command + ": " + csv + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliException(command + ": cannot read " + csv + ": " + e.getMessage());
    }
  }
}
