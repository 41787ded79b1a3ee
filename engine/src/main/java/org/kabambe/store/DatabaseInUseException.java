package org.kabambe.store;

/** The database file is held by another process (a running server) or already open in this one. */
public final class DatabaseInUseException extends StoreException {
  private final String location;

  DatabaseInUseException(String location, String message) {
    super(message);
    this.location = location;
  }

  DatabaseInUseException(String location, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /** The database as the caller named it, e.g. {@code data/kabambe}. */
  public String location() {
    return location;
  }
}
