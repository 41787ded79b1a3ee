package org.kabambe.contact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kabambe.export.Csv;
import org.kabambe.export.Pseudonyms;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;

/**
 * Streams every contact to CSV, in number order, with the import's column names (so a revealed export can be
 * imported again), in the CSV of every export ({@link Csv}). The number and the fields marked {@code pii} are
 * replaced by the deployment's pseudonyms (the results export's participant column) unless the export is revealed.
 * Memory stays bounded: contacts come from the store page by page and go straight out.
 */
public final class ContactExporter {
  private final ContactStore store;
  private final ContactFields declared;
  private final Optional<Pseudonyms> pseudonyms;

  /** {@code pseudonyms} empty: the export reveals numbers and personal fields. */
  public ContactExporter(ContactStore store, ContactFields declared, Optional<Pseudonyms> pseudonyms) {
    this.store = store;
    this.declared = declared;
    this.pseudonyms = pseudonyms;
  }

  /** Writes the header and one row per contact; returns the number of contacts written. */
  public long run(Writer out) throws IOException {
    out.write(Csv.BOM);
    var header = new ArrayList<>(List.of("phone", "language", "groups", "opted_out", "consented_at", "first_seen",
        "last_seen"));
    header.addAll(declared.declared().keySet());
    Csv.row(out, header);
    try {
      return store.forEach("", declared, c -> {
        try {
          Csv.row(out, row(c));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return true;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      out.flush();
    }
  }

  private List<String> row(Contact c) {
    var row = new ArrayList<String>(7 + declared.declared().size());
    row.add(pseudonyms.map(p -> p.of(c.phone())).orElse(c.phone()));
    row.add(c.language().orElse(""));
    row.add(String.join(";", c.groups()));
    row.add(Boolean.toString(c.optedOut()));
    row.add(c.consentedAt().map(Instant::toString).orElse(""));
    row.add(c.firstSeen().map(Instant::toString).orElse(""));
    row.add(c.lastSeen().map(Instant::toString).orElse(""));
    for (ContactField f : declared.declared().values()) {
      Object v = c.fields().get(f.name());
      String text = v == null ? "" : text(v);
      row.add(f.pii() && !text.isEmpty() && pseudonyms.isPresent() ? pseudonyms.get().of(text) : text);
    }
    return row;
  }

  private static String text(Object v) {
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
          : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (v instanceof LocalDate d) return d.toString();
    return String.valueOf(v);
  }
}
