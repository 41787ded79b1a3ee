package org.kabambe.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private static final int MAX_BATCH = 256;

  ReceiptRecorder(OutboxStore store, Executor recorder, OutboxMetrics metrics) {
    this.store = store;
    this.recorder = recorder;
    this.metrics = metrics;
  }

  /**
   * Records {@code report} on the outbox's recorder thread; completes once it is committed. Receipts that arrive
   * together are committed together (a commit per receipt was half the sender's database time at high rates); if
   * that commit fails, each of them fails and the SMSC delivers them again (applying one twice changes nothing).
   */
  public CompletionStage<Void> record(DeliveryReport report) {
    var item = new Pending(report, new CompletableFuture<>());
    pending.add(item);
    if (draining.compareAndSet(false, true)) {
      try {
        recorder.execute(this::drain);
      } catch (RejectedExecutionException e) {
        draining.set(false);
        for (Pending p; (p = pending.poll()) != null; ) {
          p.done().completeExceptionally(new IllegalStateException("the outbox sender is closed", e));
        }
      }
    }
    return item.done();
  }

  private record Pending(DeliveryReport report, CompletableFuture<Void> done) {}

  private void drain() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      for (Pending p; batch.size() < MAX_BATCH && (p = pending.poll()) != null; ) {
        batch.add(p);
      }
      if (batch.isEmpty()) {
        draining.set(false);
        if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      List<ReceiptOutcome> outcomes;
      try {
        outcomes = store.applyReceipts(batch.stream().map(Pending::report).toList());
      } catch (RuntimeException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
        continue;
      }
      for (int i = 0; i < batch.size(); i++) {
        ReceiptOutcome outcome = outcomes.get(i);
        if (!outcome.matched()) {
          metrics.receiptUnmatched(batch.get(i).report().provider());
        }
        outcome.settled().ifPresent(this::count);
        batch.get(i).done().complete(null);
      }
    }
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
