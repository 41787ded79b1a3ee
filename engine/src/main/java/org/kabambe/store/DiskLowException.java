package org.kabambe.store;

/**
 * The disk under the database is below its {@link DiskReserve}: the hop is refused before it is written (its caller
 * answers "busy"), so that the database never meets a full disk.
 */
public final class DiskLowException extends StoreException {
  public DiskLowException(String why) {
    super(why + "; the hop was refused before it was written");
  }
}
