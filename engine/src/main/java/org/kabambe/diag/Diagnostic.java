package org.kabambe.diag;

/** One finding about an author's file: where, how bad, and what to do about it. */
public record Diagnostic(SourcePos pos, Severity severity, String message) implements Comparable<Diagnostic> {

  public static Diagnostic error(SourcePos pos, String message) {
    return new Diagnostic(pos, Severity.ERROR, message);
  }

  public static Diagnostic warning(SourcePos pos, String message) {
    return new Diagnostic(pos, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public int compareTo(Diagnostic o) {
    int c = pos.compareTo(o.pos);
    return c != 0 ? c : message.compareTo(o.message);
  }

  /** {@code file:line:col: error: message}, the form editors and CI logs understand. */
  @Override
  public String toString() {
    return pos + ": " + severity.label() + ": " + message;
  }
}
