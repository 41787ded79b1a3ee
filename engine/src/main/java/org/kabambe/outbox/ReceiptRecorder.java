package org.kabambe.outbox;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.kabambe.connectors.sms.DeliveryReport;

/**
 * The receipt half of the engine's {@code SmsHandler}: finds the part by provider and id, moves it and its message
 * (delivered when every part is; failed or expired as soon as one part is), commits, then completes. An id no part
 * has is counted and kept (its submit result may still be on its way), never an error, so the SMSC still gets its
 * acknowledgement; only a database failure completes the stage exceptionally (then the SMSC should redeliver).
 */
public final class ReceiptRecorder {
  private final OutboxStore store;
  private final Executor recorder;
  private final OutboxMetrics metrics;

  ReceiptRecorder(OutboxStore store, Executor recorder, OutboxMetrics metrics) {
    this.store = store;
    this.recorder = recorder;
    this.metrics = metrics;
  }

  /** Records {@code report} on the outbox's recorder thread; completes once it is committed. */
  public CompletionStage<Void> record(DeliveryReport report) {
    try {
      return CompletableFuture.runAsync(() -> apply(report), recorder);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the outbox sender is closed", e));
    }
  }

  private void apply(DeliveryReport report) {
    ReceiptOutcome outcome = store.applyReceipt(report);
    if (!outcome.matched()) {
      metrics.receiptUnmatched(report.provider());
    }
    outcome.settled().ifPresent(this::count);
  }

  /** Counts a message a receipt settled. */
  void count(OutboxStatus settled) {
    switch (settled) {
      case DELIVERED -> metrics.delivered();
      case FAILED -> metrics.failed(FailureCause.UNDELIVERED);
      case EXPIRED -> metrics.expired();
      default -> { }
    }
  }
}
