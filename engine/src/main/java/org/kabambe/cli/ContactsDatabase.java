package org.kabambe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.parse.FieldsFileParser;
import org.kabambe.flow.settings.ContactFields;

/** What the contacts commands share: fields.yaml and the number region (the database: {@link CliDatabase}). */
final class ContactsDatabase {
  private ContactsDatabase() {}

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
