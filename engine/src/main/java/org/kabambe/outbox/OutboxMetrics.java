package org.kabambe.outbox;

/**
 * Callbacks from the sender's threads: keep them cheap (increment a counter, set a gauge). Micrometer plugs in here.
 */
public interface OutboxMetrics {
  /** A message was accepted by {@code provider}. */
  default void submitted(String provider) {}

  /** {@code provider} asked to try later ({@code status}: SMPP command_status or the provider's code). */
  default void retried(String provider, int status) {}

  /** {@code provider} refused a message for good. */
  default void rejected(String provider, int status) {}

  /** A submit's outcome is unknown (lost response, crash); the crash rule decides its fate. */
  default void unknown(String provider) {}

  /** A message was delivered (every part). */
  default void delivered() {}

  /** A message ended failed. */
  default void failed(FailureCause cause) {}

  /** A message expired (before it could be sent, or as a receipt reported). */
  default void expired() {}

  /** Rows waiting in 'queued' (due or not), sampled about every 5 s while the sender runs. */
  default void queueDepth(long queued) {}

  /** Submits per second {@code provider} achieved over the last sampling window (about a second). */
  default void achievedRate(String provider, double perSecond) {}

  /** A receipt named an id no recorded part has (kept, in case its submit result is still being recorded). */
  default void receiptUnmatched(String provider) {}

  /** Receipts kept for a submit result that never came were deleted, {@code count} of them. */
  default void earlyReceiptsPurged(int count) {}

  /** Metrics that record nothing. */
  OutboxMetrics NONE = new OutboxMetrics() {};
}
