package org.kabambe.contact;

/** A row that was not imported: its line in the file and why, in words that say what to fix. */
public record Rejection(long line, String reason) {
  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
