package org.kabambe.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.kabambe.connectors.sms.DeliveryReport;

/**
 * The receipt half of the engine's {@code SmsHandler}: finds the part by provider and id, moves it and its message
 * (delivered when every part is; failed or expired as soon as one part is), commits, then completes. An id no part
 * has is counted and kept (its submit result may still be on its way), never an error, so the SMSC still gets its
 * acknowledgement; only a database failure completes the stage exceptionally (then the SMSC should redeliver).
 */
public final class ReceiptRecorder {
  // Bounds a round's transaction when an SMSC replays a backlog of receipts at once.
  private static final int MAX_PER_ROUND = 256;

  private final OutboxMetrics metrics;
  private final Clock clock;
  private final OutboxRecorder.Lane<Pending, List<ReceiptOutcome>> lane;

  ReceiptRecorder(OutboxRecorder recorder, OutboxMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
    this.lane = recorder.lane("receipts", MAX_PER_ROUND, new Receipts());
  }

  /**
   * Records {@code report} in the outbox recorder's next round; completes once it is committed. Receipts that arrive
   * together are committed together (a commit per receipt was half the sender's database time at high rates); if
   * that commit fails, each of them fails and the SMSC delivers them again (applying one twice changes nothing).
   */
  public CompletionStage<Void> record(DeliveryReport report) {
    var item = new Pending(report, new CompletableFuture<>());
    lane.add(item);
    return item.done();
  }

  private record Pending(DeliveryReport report, CompletableFuture<Void> done) {}

  private final class Receipts implements OutboxRecorder.Lane.Kind<Pending, List<ReceiptOutcome>> {
    @Override
    public List<ReceiptOutcome> write(Statements sql, List<Pending> batch) throws SQLException {
      return PartReceipts.applyReceipts(sql, batch.stream().map(Pending::report).toList(), clock.instant());
    }

    @Override
    public void committed(List<Pending> batch, List<ReceiptOutcome> outcomes) {
      for (int i = 0; i < batch.size(); i++) {
        ReceiptOutcome outcome = outcomes.get(i);
        if (!outcome.matched()) {
          metrics.receiptUnmatched(batch.get(i).report().provider());
        }
        outcome.settled().ifPresent(settled -> count(metrics, settled));
        batch.get(i).done().complete(null);
      }
    }

    @Override
    public void failed(List<Pending> batch, RuntimeException error) {
      batch.forEach(p -> p.done().completeExceptionally(error));
    }
  }

  /** Counts a message a receipt settled (a receipt kept early settles it when the submit result comes). */
  static void count(OutboxMetrics metrics, OutboxStatus settled) {
    switch (settled) {
      case DELIVERED -> metrics.delivered();
      case FAILED -> metrics.failed(FailureCause.UNDELIVERED);
      case EXPIRED -> metrics.expired();
      default -> { }
    }
  }
}
