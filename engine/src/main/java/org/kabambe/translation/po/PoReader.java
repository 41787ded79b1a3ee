package org.kabambe.translation.po;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads gettext PO files as Poedit, Weblate and msgmerge write them: UTF-8, strings wrapped over several quoted
 * lines, C escapes, comments of every kind, and obsolete ({@code #~}) entries, which are read past and dropped.
 * Plural forms are refused: Kabambe texts have none.
 */
public final class PoReader {
  private final String source;
  private final List<PoEntry> entries = new ArrayList<>();
  private Optional<PoEntry> header = Optional.empty();
  private Builder current = new Builder();
  // which string a continuation line ("...") extends
  private enum Field { NONE, CTXT, ID, STR, PREVIOUS }
  private Field field = Field.NONE;

  private PoReader(String source) {
    this.source = source;
  }

  /** Parses {@code text}; {@code source} names the file in messages. */
  public static PoFile read(String source, String text) throws PoSyntaxException {
    PoReader r = new PoReader(source);
    String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\r?\n", -1) : text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) r.line(lines[i].strip(), i + 1);
    r.flush();
    return new PoFile(r.header, r.entries);
  }

  private void line(String l, int n) throws PoSyntaxException {
    if (l.isEmpty()) {
      flush();
      return;
    }
    if (l.startsWith("#~")) { // an obsolete entry: its lines and the comments before it are dropped
      current.obsolete = true;
      field = Field.NONE;
      return;
    }
    if (l.startsWith("#")) {
      if (current.msgid != null && current.msgstr != null) flush(); // comments start the next entry
      comment(l, n);
      return;
    }
    if (l.startsWith("msgctxt") || l.startsWith("msgid")) {
      if (current.msgstr != null) flush(); // an entry may follow the previous one without a blank line
    }
    if (current.line == 0 && (l.startsWith("msgctxt") || l.startsWith("msgid"))) current.line = n;
    if (l.startsWith("msgid_plural") || l.startsWith("msgstr[")) {
      throw new PoSyntaxException(source, n, "plural forms (msgid_plural, msgstr[n]) are not used by Kabambe texts");
    }
    if (l.startsWith("msgctxt")) {
      expectNone(current.msgctxt, "msgctxt", n);
      current.msgctxt = string(l.substring(7), n);
      field = Field.CTXT;
    } else if (l.startsWith("msgid")) {
      expectNone(current.msgid, "msgid", n);
      current.msgid = string(l.substring(5), n);
      field = Field.ID;
    } else if (l.startsWith("msgstr")) {
      if (current.msgid == null) throw new PoSyntaxException(source, n, "msgstr without a msgid before it");
      expectNone(current.msgstr, "msgstr", n);
      current.msgstr = string(l.substring(6), n);
      field = Field.STR;
    } else if (l.startsWith("\"")) {
      String more = string(l, n);
      switch (field) {
        case CTXT -> current.msgctxt += more;
        case ID -> current.msgid += more;
        case STR -> current.msgstr += more;
        default -> throw new PoSyntaxException(source, n, "a quoted string that continues no msgid or msgstr");
      }
    } else {
      throw new PoSyntaxException(source, n, "not a PO line: expected msgctxt, msgid, msgstr, a quoted string"
          + " or a comment (#)");
    }
  }

  private void expectNone(String already, String keyword, int n) throws PoSyntaxException {
    if (already != null) throw new PoSyntaxException(source, n, "a second " + keyword + " in one entry");
  }

  private void comment(String l, int n) throws PoSyntaxException {
    String kind = l.length() > 1 ? l.substring(0, 2) : "#";
    String rest = l.length() > 2 ? l.substring(2).strip() : "";
    switch (kind) {
      case "#." -> current.extracted.add(rest);
      case "#:" -> {
        for (String ref : rest.split("\\s+")) if (!ref.isEmpty()) current.references.add(ref);
      }
      case "#," -> {
        for (String flag : rest.split(",")) if (!flag.isBlank()) current.flags.add(flag.strip());
      }
      case "#|" -> previous(rest, n);
      default -> current.comments.add(l.length() > 1 && l.charAt(1) == ' ' ? l.substring(2) : l.substring(1));
    }
  }

  /** {@code #| msgid "..."} and its {@code #| "..."} continuations; a previous msgctxt is not needed. */
  private void previous(String rest, int n) throws PoSyntaxException {
    if (rest.startsWith("msgid")) {
      current.previous = string(rest.substring(5), n);
      field = Field.PREVIOUS;
    } else if (rest.startsWith("\"") && field == Field.PREVIOUS) {
      current.previous += string(rest, n);
    } else {
      field = Field.NONE; // #| msgctxt and its continuations
    }
  }

  private void flush() {
    Builder b = current;
    current = new Builder();
    field = Field.NONE;
    if (b.obsolete || b.msgid == null) return;
    PoEntry e = new PoEntry(b.comments, b.extracted, b.references, b.flags, Optional.ofNullable(b.previous),
        Optional.ofNullable(b.msgctxt), b.msgid, b.msgstr == null ? "" : b.msgstr, b.line);
    if (e.isHeader() && header.isEmpty() && entries.isEmpty()) header = Optional.of(e);
    else entries.add(e);
  }

  /** One quoted string with C escapes, the rest of the line after a keyword. */
  private String string(String afterKeyword, int n) throws PoSyntaxException {
    String s = afterKeyword.strip();
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      throw new PoSyntaxException(source, n, "expected a string in double quotes, found: " + s);
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '"') throw new PoSyntaxException(source, n, "a quote inside a string must be written \\\"");
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 >= s.length() - 1) throw new PoSyntaxException(source, n, "a string ends with a lone backslash");
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000B');
        default -> throw new PoSyntaxException(source, n, "unknown escape \\" + e + " in a string");
      }
    }
    return out.toString();
  }

  private static final class Builder {
    final List<String> comments = new ArrayList<>();
    final List<String> extracted = new ArrayList<>();
    final List<String> references = new ArrayList<>();
    final List<String> flags = new ArrayList<>();
    String previous;
    String msgctxt;
    String msgid;
    String msgstr;
    int line;
    boolean obsolete;
  }
}
