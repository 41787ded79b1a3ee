package org.kabambe.analytics;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields with a comma, quote or line break quoted (quotes doubled).
 * Text that a spreadsheet would run as a formula (=, +, -, @ at the start, unless it is a number) gets a leading
 * apostrophe: answers are typed by the public.
 */
public final class Csv {
  /** Written first so that spreadsheets read the file as UTF-8. */
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
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static String defused(String s) {
    if (s.isEmpty() || "=+-@\t\r".indexOf(s.charAt(0)) < 0) return s;
    try {
      Double.parseDouble(s);
      return s; // -5 and +3 are numbers, not formulas
    } catch (NumberFormatException e) {
      return "'" + s;
    }
  }
}
