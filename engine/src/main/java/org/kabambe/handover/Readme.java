package org.kabambe.handover;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kabambe.flow.Flow;
import org.kabambe.flow.settings.ContactField;

/** The hand-over's README.md: what the folder holds, how to check it, and every file's columns. */
final class Readme {
  private final HandOver.Source source;
  private final boolean reveal;

  Readme(HandOver.Source source, boolean reveal) {
    this.source = source;
    this.reveal = reveal;
  }

  String text(Collection<String> csvFiles, List<String> flowFiles) {
    var t = new StringBuilder();
    t.append("# Programme hand-over\n\n")
        .append("Exported by `kabambe export all` on ").append(Instant.now()).append(" from ")
        .append(source.database().location()).append(".\n\n")
        .append(reveal
            ? "**Numbers and personal fields are as they are (`--reveal`): handle this folder as personal data.**\n\n"
            : "Numbers and contact fields marked `pii` are pseudonymised (see `participant` below); the message texts"
                + " are left out.\n\n")
        .append("Every CSV file is UTF-8 (with a byte-order mark, so spreadsheets read it as UTF-8) and RFC 4180"
            + " (CRLF line ends; a cell that a spreadsheet would run as a formula starts with `'`). Times are"
            + " ISO-8601 in UTC. Check the files with `sha256sum -c SHA256SUMS` (in this folder).\n\n");
    t.append("## flows/\n\nThe flow, campaign, fields and translation files as deployed: a copy of ")
        .append(source.flowsFolder().map(Object::toString).orElse("(no flows folder was given)"))
        .append(" at the time of export. Kabambe does not keep earlier versions of these files (they live in the"
            + " flows folder, not the database; keep that folder under version control to have them).");
    if (flowFiles.isEmpty()) t.append(" No flow files were found.");
    t.append("\n\n");
    List<Flow> flows = HandOver.loaded(source.catalog());
    if (!flows.isEmpty()) {
      t.append("| flow | version | content hash (in `flow_hash` of the stored answers) |\n|---|---|---|\n");
      for (Flow f : flows) {
        t.append("| ").append(f.id()).append(" | ").append(f.version()).append(" | ").append(f.contentHash())
            .append(" |\n");
      }
      t.append('\n');
    }
    section(t, contacts());
    var results = csvFiles.stream().filter(f -> f.startsWith("results/")).toList();
    t.append("## ").append(DataDictionary.RESULTS.file()).append("\n\n")
        .append(results.isEmpty() ? "No answers were stored." : "Files: " + String.join(", ", results) + ".")
        .append(" Each row: ").append(DataDictionary.RESULTS.rows()).append(".\n\n");
    columns(t, DataDictionary.RESULTS.columns());
    section(t, DataDictionary.RUNS);
    section(t, DataDictionary.MESSAGES);
    t.append("## figures/\n\nThe daily figures the dashboard reads, as stored. They keep their counts after raw rows"
        + " are purged or a participant is forgotten, so they may count more than the files above.\n\n");
    for (DataDictionary.Entry e : DataDictionary.FIGURES) section(t, e);
    t.append("## ").append(HandOver.MANIFEST).append("\n\nThe SHA-256 of every other file, in `sha256sum` format.\n");
    return t.toString();
  }

  /** contacts.csv: the standard columns, then the fields of fields.yaml. */
  private DataDictionary.Entry contacts() {
    var columns = new LinkedHashMap<>(DataDictionary.CONTACTS.columns());
    for (Map.Entry<String, ContactField> f : source.fields().declared().entrySet()) {
      columns.put(f.getKey(), "the contact field `" + f.getKey() + "` of fields.yaml (" + f.getValue().type()
          .toString().toLowerCase() + (f.getValue().pii() ? "; personal: pseudonymised unless --reveal" : "") + ")");
    }
    return new DataDictionary.Entry(DataDictionary.CONTACTS.file(), DataDictionary.CONTACTS.rows(), columns);
  }

  private static void section(StringBuilder t, DataDictionary.Entry e) {
    t.append("## ").append(e.file()).append("\n\nEach row: ").append(e.rows()).append(".\n\n");
    columns(t, e.columns());
  }

  private static void columns(StringBuilder t, Map<String, String> columns) {
    columns.forEach((name, meaning) -> t.append("- `").append(name).append("`: ").append(meaning).append('\n'));
    t.append('\n');
  }
}
