package org.kabambe.store;

/** The write queue is full: the database is not keeping up, so the hop is refused rather than queued without bound. */
public final class WriterOverloadedException extends StoreException {
  public WriterOverloadedException(int capacity) {
    super("the database writer is overloaded: " + capacity + " hops are already waiting to be written; try again"
        + " shortly");
  }
}
