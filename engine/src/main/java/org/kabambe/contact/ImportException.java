package org.kabambe.contact;

/** A contacts file that cannot be imported at all (its header, or it cannot be read); nothing was written. */
public final class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }
}
