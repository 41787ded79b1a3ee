package org.kabambe.store;

/**
 * Callbacks from the group-commit writer, on its own thread: keep them cheap (count, record into a histogram).
 * Micrometer or the dashboard plug in here.
 */
public interface WriterMetrics {
  /** A batch of {@code hops} hops ({@code rows} rows) was committed; {@code nanos} spans first write to commit. */
  void batchCommitted(int hops, int rows, long nanos);

  /** A batch failed as a whole; its hops are being retried one by one. */
  void batchFailed(int hops, Throwable cause);

  /** A single hop could not be written; its future failed. */
  void hopFailed(Throwable cause);

  /** A hop was refused because the queue was full. */
  void hopRejected();

  /** Metrics that record nothing. */
  WriterMetrics NONE = new WriterMetrics() {
    @Override
    public void batchCommitted(int hops, int rows, long nanos) {}

    @Override
    public void batchFailed(int hops, Throwable cause) {}

    @Override
    public void hopFailed(Throwable cause) {}

    @Override
    public void hopRejected() {}
  };
}
