package org.kabambe.store;

/** A storage failure a caller cannot fix by retrying at once: the database could not be opened, read or written. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
