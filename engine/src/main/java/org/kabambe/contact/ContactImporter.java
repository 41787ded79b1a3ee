package org.kabambe.contact;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kabambe.flow.settings.ContactFields;

/**
 * Imports a contacts CSV: the header row names the columns (phone, language, groups separated by ';',
 * opted_out, consented_at, and the fields of fields.yaml); each row is checked (number, types, choices,
 * repeats in any format) and bad rows are reported with their line while good ones are imported, in batches of
 * {@link #BATCH} per transaction, streaming from the file. A re-import updates the contacts it names.
 */
public final class ContactImporter {
  public static final int BATCH = 500;

  private final ContactImportWriter writer;
  private final ContactFields declared;
  private final PhoneNumbers numbers;
  private final Clock clock;

  public ContactImporter(ContactImportWriter writer, ContactFields declared, PhoneNumbers numbers, Clock clock) {
    this.writer = writer;
    this.declared = declared;
    this.numbers = numbers;
    this.clock = clock;
  }

  /**
   * Imports from {@code csv}; each rejected row goes to {@code rejected} as it is found. Throws
   * {@link ImportException} when the header is wrong (nothing written) or the file cannot be read.
   */
  public ImportSummary run(Reader csv, Consumer<Rejection> rejected) {
    long[] rejections = {0};
    Consumer<Rejection> counting = r -> {
      rejections[0]++;
      rejected.accept(r);
    };
    long imported = 0;
    long updated = 0;
    try (var reader = new CsvReader(csv)) {
      Optional<CsvReader.Row> header = reader.next();
      if (header.isEmpty()) throw new ImportException("the file is empty; the first row must name the columns");
      var rows = new ImportRowReader(ImportColumns.of(header.get().values(), declared), numbers, counting);
      List<ImportRow> batch = new ArrayList<>(BATCH);
      for (Optional<CsvReader.Row> r = reader.next(); r.isPresent(); r = reader.next()) {
        rows.read(r.get()).ifPresent(batch::add);
        if (batch.size() == BATCH) {
          var counts = writer.write(batch, clock.instant());
          imported += counts.imported();
          updated += counts.updated();
          batch.clear();
        }
      }
      var counts = writer.write(batch, clock.instant());
      return new ImportSummary(imported + counts.imported(), updated + counts.updated(), rejections[0]);
    } catch (IOException e) {
      throw new ImportException("cannot read the file: " + e.getMessage() + " (" + imported + " imported and "
          + updated + " updated before that)");
    }
  }
}
