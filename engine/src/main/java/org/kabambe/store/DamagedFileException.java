package org.kabambe.store;

/** The H2 file cannot be read as a whole: its message names the file and the recovery commands. */
public final class DamagedFileException extends StoreException {
  DamagedFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
