package org.kabambe.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The CSV of every export (results, contacts): RFC 4180 for spreadsheets, CRLF line ends, fields with a comma,
 * quote, line break or a leading or trailing space quoted (quotes doubled). Text that a spreadsheet would run as a
 * formula (=, +, -, @, tab or CR at the start, unless it is a number) gets a leading apostrophe: answers and
 * contact fields are typed by the public, and a cell such as {@code =HYPERLINK(...)} must stay text.
 */
public final class Csv {
  /** Written first so that spreadsheets read the file as UTF-8 (the contacts import skips it). */
  public static final String BOM = "\uFEFF";

  private Csv() {}

  public static void row(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) out.write(',');
      out.write(field(fields.get(i)));
    }
    out.write("\r\n");
  }

  static String field(String raw) {
    String s = defused(raw);
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
        || (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '));
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /**
   * A cell as it was before {@link #row} defused it (the contacts import reads revealed exports back): drops the
   * apostrophe only where writing the rest would have added it, so a typed {@code 'quote} stays as it is.
   */
  public static String undefused(String cell) {
    if (cell.length() < 2 || cell.charAt(0) != '\'') return cell;
    String rest = cell.substring(1);
    return defused(rest).equals(cell) ? rest : cell;
  }

  /** An apostrophe first if the cell is a formula, also behind typed apostrophes ('=x), so undefused is exact. */
  private static String defused(String s) {
    int apostrophes = 0;
    while (apostrophes < s.length() && s.charAt(apostrophes) == '\'') apostrophes++;
    return formula(s.substring(apostrophes)) ? "'" + s : s;
  }

  private static boolean formula(String s) {
    if (s.isEmpty() || "=+-@\t\r".indexOf(s.charAt(0)) < 0) return false;
    try {
      Double.parseDouble(s);
      return false; // -5 and +3 are numbers, not formulas (and +254712000111 a phone number)
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
