package org.kabambe.translation.po;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes PO files the way gettext tools do, so a diff between two exports shows only what changed: entries
 * separated by a blank line, strings longer than a line (or with line breaks) wrapped after spaces and
 * {@code \n} into continuation lines under an empty first string.
 */
public final class PoWriter {
  /** gettext's default: no written line longer than 79 columns where a space allows it. */
  static final int WIDTH = 79;

  private PoWriter() {}

  public static String write(PoFile file) {
    StringBuilder out = new StringBuilder();
    file.header().ifPresent(h -> entry(out, h));
    for (PoEntry e : file.entries()) {
      if (!out.isEmpty()) out.append('\n');
      entry(out, e);
    }
    return out.toString();
  }

  private static void entry(StringBuilder out, PoEntry e) {
    e.comments().forEach(c -> out.append(c.isEmpty() ? "#" : "# " + c).append('\n'));
    e.extractedComments().forEach(c -> out.append("#. ").append(c).append('\n'));
    e.references().forEach(r -> out.append("#: ").append(r).append('\n'));
    if (!e.flags().isEmpty()) out.append("#, ").append(String.join(", ", e.flags())).append('\n');
    e.previousMsgid().ifPresent(p -> keyword(out, "#| ", "msgid", p));
    e.msgctxt().ifPresent(c -> keyword(out, "", "msgctxt", c));
    keyword(out, "", "msgid", e.msgid());
    keyword(out, "", "msgstr", e.msgstr());
  }

  private static void keyword(StringBuilder out, String prefix, String keyword, String value) {
    List<String> pieces = wrap(escape(value), WIDTH - prefix.length() - 2);
    String single = prefix + keyword + " \"" + pieces.get(0) + "\"";
    if (pieces.size() == 1 && single.length() <= WIDTH) {
      out.append(single).append('\n');
      return;
    }
    out.append(prefix).append(keyword).append(" \"\"\n");
    for (String p : pieces) out.append(prefix).append('"').append(p).append("\"\n");
  }

  /** Escaped text cut after each {@code \n} and, within a line, after the last space that keeps it in width. */
  static List<String> wrap(String escaped, int width) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < escaped.length()) {
      int nl = escaped.indexOf("\\n", start);
      int end = nl < 0 ? escaped.length() : nl + 2;
      String line = escaped.substring(start, end);
      while (line.length() > width) {
        int cut = line.lastIndexOf(' ', width - 1);
        if (cut <= 0) break; // one long word: leave the line long
        lines.add(line.substring(0, cut + 1));
        line = line.substring(cut + 1);
      }
      lines.add(line);
      start = end;
    }
    if (lines.isEmpty()) lines.add("");
    return lines;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
