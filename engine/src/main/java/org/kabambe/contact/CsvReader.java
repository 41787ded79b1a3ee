package org.kabambe.contact;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CSV (RFC 4180: quoted values may hold commas, quotes doubled, line breaks) one record at a time from a
 * stream, with the line each record starts on, so errors can name it. Never holds more than one record.
 */
final class CsvReader implements AutoCloseable {
  /** One record: the line it starts on (1-based) and its values. */
  record Row(long line, List<String> values) {}

  private final Reader in;
  private long line = 1;
  private int pushedBack = -2;

  CsvReader(Reader in) {
    this.in = in;
  }

  Optional<Row> next() throws IOException {
    int c = read();
    if (c == -1) return Optional.empty();
    long start = line;
    List<String> values = new ArrayList<>();
    var value = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (quoted) {
        if (c == -1) throw new IOException("line " + start + ": a quoted value is not closed (a '\"' is missing)");
        if (c == '"') {
          int n = read();
          if (n == '"') {
            value.append('"');
          } else {
            quoted = false;
            c = n;
            continue;
          }
        } else {
          if (c == '\n') line++;
          value.append((char) c);
        }
      } else if (c == '"' && value.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        values.add(value.toString());
        value.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' || c == '\n' || c == -1) {
        if (c == '\r') {
          int n = read();
          if (n != '\n') unread(n);
        }
        if (c != -1) line++;
        values.add(value.toString());
        return Optional.of(new Row(start, values));
      } else {
        value.append((char) c);
      }
      c = read();
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    // A NUL is no part of any value (it comes from a broken export), and PostgreSQL refuses it in text: skip it.
    int c;
    do {
      c = in.read();
    } while (c == 0);
    return c;
  }

  private void unread(int c) {
    pushedBack = c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
