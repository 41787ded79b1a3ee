package org.kabambe.translation.po;

/** A PO file that cannot be read, with the line (1-based) that shows the mistake. */
public final class PoSyntaxException extends Exception {
  private final int line;

  public PoSyntaxException(String source, int line, String message) {
    super(source + ":" + line + ": " + message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
