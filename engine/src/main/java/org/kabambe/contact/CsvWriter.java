package org.kabambe.contact;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes CSV records, quoting values that need it (commas, quotes, line breaks, leading spaces). */
final class CsvWriter {
  private final Writer out;

  CsvWriter(Writer out) {
    this.out = out;
  }

  void row(List<String> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) out.write(',');
      out.write(escape(values.get(i)));
    }
    out.write('\n');
  }

  static String escape(String v) {
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
        || (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '));
    return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
