package org.kabambe.contact;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.kabambe.analytics.SimulatedNumbers;
import org.kabambe.diag.DidYouMean;
import org.kabambe.export.Csv;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.TimeZones;

/** Checks one CSV record against the header and the declared field types, giving a row to import or why not. */
final class ImportRowReader {
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final ImportColumns columns;
  private final PhoneNumbers numbers;
  private final NumberLines seen = new NumberLines();
  private final Consumer<Rejection> rejected;

  ImportRowReader(ImportColumns columns, PhoneNumbers numbers, Consumer<Rejection> rejected) {
    this.columns = columns;
    this.numbers = numbers;
    this.rejected = rejected;
  }

  /** Thrown for the first problem of a row. */
  private static final class Bad extends Exception {
    Bad(String message) {
      super(message, null, false, false);
    }
  }

  /** The row to import; empty for a blank line, or a rejected row (reported to the rejection consumer). */
  Optional<ImportRow> read(CsvReader.Row row) {
    List<String> values = row.values();
    if (values.stream().allMatch(String::isBlank)) return Optional.empty();
    if (values.size() != columns.columns().size()) {
      rejected.accept(new Rejection(row.line(), "has " + values.size() + " values but the header has "
          + columns.columns().size() + " columns (a value with a comma needs \"quotes\")"));
      return Optional.empty();
    }
    try {
      return Optional.of(parse(row.line(), values));
    } catch (Bad e) {
      rejected.accept(new Rejection(row.line(), e.getMessage()));
      return Optional.empty();
    }
  }

  private ImportRow parse(long line, List<String> values) throws Bad {
    String raw = values.get(columns.phoneIndex()).strip();
    if (raw.isEmpty()) throw new Bad("phone is empty");
    ParsedNumber parsed = numbers.parse(raw);
    if (parsed instanceof ParsedNumber.Invalid i) throw new Bad("phone: " + i.reason());
    String phone = ((ParsedNumber.Valid) parsed).e164();
    if (SimulatedNumbers.matches(phone)) {
      throw new Bad("phone " + phone + " is one of the web simulator's numbers (" + SimulatedNumbers.RANGE
          + "), whose journeys figures leave out; give a demo contact another fictional number");
    }
    Optional<String> language = Optional.empty();
    Optional<List<String>> groups = Optional.empty();
    Optional<Boolean> optedOut = Optional.empty();
    Optional<Instant> consentedAt = Optional.empty();
    var fields = new LinkedHashMap<String, Object>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i).strip();
      ImportColumns.Column c = columns.columns().get(i);
      if (v.isEmpty() || i == columns.phoneIndex()) continue;
      if (c.field().isPresent()) {
        fields.put(c.name(), value(c.field().get(), Csv.undefused(v))); // a revealed export reads back as it was
        continue;
      }
      switch (c.name()) {
        case "language" -> language = Optional.of(language(v));
        case "groups" -> groups = Optional.of(groups(v));
        case "opted_out" -> optedOut = Optional.of(yesNo(v));
        case "consented_at" -> consentedAt = Optional.of(instant(v));
        case "first_seen", "last_seen" -> { } // ImportColumns.EXPORT_ONLY: the engine records when it sees a number
        default -> throw new IllegalStateException("column " + c.name());
      }
    }
    long first = seen.putIfAbsent(phone, line);
    if (first >= 0) {
      throw new Bad("phone " + phone + " (written '" + raw + "') is already on line " + first
          + "; keep one row per number");
    }
    return new ImportRow(line, phone, language, groups, optedOut, consentedAt, fields);
  }

  private static Object value(ContactField f, String v) throws Bad {
    switch (f.type()) {
      case NUMBER:
        try {
          double d = Double.parseDouble(v);
          if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
          return d;
        } catch (NumberFormatException e) {
          throw new Bad(f.name() + ": '" + v + "' is not a number (write it like 12 or 2.5)");
        }
      case DATE:
        try {
          return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
          throw new Bad(f.name() + ": '" + v + "' is not a date (write it as yyyy-mm-dd, like 2027-02-14)");
        }
      default:
        if (!f.values().isEmpty() && !f.values().contains(v)) {
          String hint = DidYouMean.hint(v, f.values());
          throw new Bad(f.name() + ": '" + v + "' is not one of " + String.join(", ", f.values()) + hint);
        }
        if (f.name().equals(TimeZones.FIELD) && TimeZones.problem(v).isPresent()) {
          throw new Bad(TimeZones.problem(v).get());
        }
        if (v.length() > FieldValues.MAX_TEXT) {
          throw new Bad(f.name() + ": the text is " + v.length() + " characters; at most " + FieldValues.MAX_TEXT);
        }
        return v;
    }
  }

  private static String language(String v) throws Bad {
    String l = v.toLowerCase(Locale.ROOT);
    if (!LANGUAGE.matcher(l).matches()) {
      throw new Bad("language: '" + v + "' is not a language code (two or three letters, like en, fr, sw)");
    }
    return l;
  }

  private static List<String> groups(String v) throws Bad {
    var out = new ArrayList<String>();
    for (String g : v.split(";")) {
      String name = g.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) continue;
      if (!GROUP.matcher(name).matches()) {
        throw new Bad("groups: '" + g.strip() + "' is not a group name (letters, digits and '-'; separate groups "
            + "with ';')");
      }
      if (!out.contains(name)) out.add(name);
    }
    return out;
  }

  private static boolean yesNo(String v) throws Bad {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "y" -> true;
      case "false", "no", "0", "n" -> false;
      default -> throw new Bad("opted_out: '" + v + "' is neither true nor false");
    };
  }

  private static Instant instant(String v) throws Bad {
    try {
      if (v.length() == 10) return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new Bad("consented_at: '" + v + "' is not a date or time (2026-03-02, or 2026-03-02T09:30:00Z)");
    }
  }
}
