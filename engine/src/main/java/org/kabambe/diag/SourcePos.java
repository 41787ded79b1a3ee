package org.kabambe.diag;

/** A place in a source file, 1-based line and column, printed as {@code file:line:col}. */
public record SourcePos(String file, int line, int col) implements Comparable<SourcePos> {
  public static final SourcePos UNKNOWN = new SourcePos("?", 0, 0);

  /** The position {@code chars} characters further along the same line (for spots inside a scalar). */
  public SourcePos shift(int lines, int cols) {
    return new SourcePos(file, line + lines, lines == 0 ? col + cols : cols);
  }

  @Override
  public int compareTo(SourcePos o) {
    int c = file.compareTo(o.file);
    if (c != 0) return c;
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(col, o.col);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + col;
  }
}
