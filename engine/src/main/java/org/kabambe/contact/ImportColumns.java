package org.kabambe.contact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.diag.DidYouMean;

/**
 * The header row of a contacts CSV, checked against the built-in columns and the programme's fields.yaml. An
 * unknown column stops the import before any row is written: it is usually a misspelt field, and importing
 * without it would silently lose that column.
 */
record ImportColumns(List<Column> columns, int phoneIndex) {
  /** The built-in columns besides the declared fields. */
  static final List<String> BUILT_IN = List.of("phone", "language", "groups", "opted_out", "consented_at");

  /** Columns the contacts export writes that only the engine sets (when a number is seen): read and skipped. */
  static final List<String> EXPORT_ONLY = List.of("first_seen", "last_seen");

  /** A column: built in (field empty) or a declared field. */
  record Column(String name, Optional<ContactField> field) {}

  static ImportColumns of(List<String> header, ContactFields declared) {
    var known = new ArrayList<>(BUILT_IN);
    known.addAll(declared.declared().keySet());
    known.addAll(EXPORT_ONLY); // so that an export can be imported again
    var columns = new ArrayList<Column>();
    var seen = new HashSet<String>();
    int phone = -1;
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      if (i == 0 && name.startsWith("\uFEFF")) name = name.substring(1); // a spreadsheet's byte-order mark
      if (!seen.add(name)) throw new ImportException("the header names column '" + name + "' twice");
      if (name.equals("phone")) phone = i;
      if (!known.contains(name)) {
        String hint = DidYouMean.hint(name, known);
        throw new ImportException("unknown column '" + name + "' in the header" + (hint.isEmpty()
            ? "; the columns are " + String.join(", ", known) + " (declare new fields in fields.yaml)" : hint));
      }
      columns.add(new Column(name, Optional.ofNullable(declared.declared().get(name))));
    }
    if (phone < 0) throw new ImportException("the header has no 'phone' column; it is the one required column");
    return new ImportColumns(columns, phone);
  }
}
