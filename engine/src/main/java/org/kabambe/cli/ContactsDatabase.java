package org.kabambe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.parse.FieldsFileParser;
import org.kabambe.flow.program.ContactFields;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/** What the contacts commands share: the database (of a stopped server), fields.yaml and the number region. */
final class ContactsDatabase {
  private ContactsDatabase() {}

  /** Opens the database, explaining that a running server holds it. */
  static Database open(String command, String db) {
    try {
      return Database.open(db);
    } catch (StoreException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("in use") || m.contains("already open")) {
        throw new CliException(command + ": the database " + db + " is locked by a running server (kabambe serve "
            + "holds its file). The contacts commands work on a stopped server's database: stop the server, run "
            + "this command, then start the server again.");
      }
      throw new CliException(command + ": " + m);
    }
  }

  /** The programme's declared fields: {@code flows/fields.yaml}, or none when the folder has no such file. */
  static ContactFields fields(String command, Path flows) {
    Path file = flows.resolve("fields.yaml");
    if (!Files.isRegularFile(file)) return ContactFields.NONE;
    var diagnostics = new Diagnostics();
    try {
      Optional<ContactFields> fields = FieldsFileParser.parse(file.toString(), Files.readAllBytes(file), diagnostics);
      if (fields.isPresent()) return fields.get();
    } catch (IOException e) {
      throw new CliException(command + ": cannot read " + file + ": " + e.getMessage());
    }
    var msg = new StringBuilder(command + ": " + file + " has errors; fix them first:");
    diagnostics.sorted().forEach(d -> msg.append("\n").append(d));
    throw new CliException(msg.toString());
  }

  static PhoneNumbers numbers(String command, Optional<String> region) {
    Optional<String> r = region.or(() -> Optional.ofNullable(System.getenv("KABAMBE_REGION")));
    try {
      return PhoneNumbers.of(r);
    } catch (IllegalArgumentException e) {
      throw new CliException(command + ": --region: " + e.getMessage());
    }
  }
}
