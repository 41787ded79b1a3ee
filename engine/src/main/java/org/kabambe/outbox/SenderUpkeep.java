package org.kabambe.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sender's thread does between polls besides sending: reports the submit rates and, every few seconds,
 * the queue's depth; hourly, has the recorder delete receipts kept early for longer than a day.
 */
final class SenderUpkeep {
  private static final Logger LOG = LoggerFactory.getLogger(SenderUpkeep.class);
  // COUNT(*) walks every queued index entry: cheap for a conversation's backlog, not for a broadcast's.
  private static final long DEPTH_SAMPLE_NANOS = 5_000_000_000L;
  // A receipt kept early waits for a submit result due within seconds (the transaction timer); one older than a day
  // matches nothing that will ever come: an SMSC's stray, or a result lost to a crash. Looked for hourly.
  static final Duration EARLY_RECEIPT_LIFETIME = Duration.ofDays(1);
  private static final Duration EARLY_RECEIPT_SWEEP = Duration.ofHours(1);

  private final OutboxStore store;
  private final OutboxRecorder recorder;
  private final ChunkSubmitter submitter;
  private final OutboxMetrics metrics;
  private final Clock clock;
  private final Ticker ticker;
  private long lastDepthSample;
  private Instant nextEarlyReceiptSweep = Instant.MIN;

  SenderUpkeep(OutboxStore store, OutboxRecorder recorder, ChunkSubmitter submitter, OutboxMetrics metrics,
               Clock clock, Ticker ticker) {
    this.store = store;
    this.recorder = recorder;
    this.submitter = submitter;
    this.metrics = metrics;
    this.clock = clock;
    this.ticker = ticker;
    this.lastDepthSample = ticker.nanoTime() - DEPTH_SAMPLE_NANOS;
  }

  /** Runs on the sender's thread after each poll. */
  void afterPoll() {
    sampleMetrics();
    sweepEarlyReceipts();
  }

  private void sampleMetrics() {
    long now = ticker.nanoTime();
    submitter.reportRates();
    if (now - lastDepthSample >= DEPTH_SAMPLE_NANOS) {
      lastDepthSample = now;
      metrics.queueDepth(store.queued());
    }
  }

  /** Hourly, on the recorder's thread: deletes receipts kept early for longer than a day. */
  private void sweepEarlyReceipts() {
    Instant now = clock.instant();
    if (now.isBefore(nextEarlyReceiptSweep)) {
      return;
    }
    nextEarlyReceiptSweep = now.plus(EARLY_RECEIPT_SWEEP);
    recorder.run(() -> {
      int purged = store.purgeEarlyReceipts(now.minus(EARLY_RECEIPT_LIFETIME));
      if (purged > 0) {
        LOG.info("outbox: deleted {} delivery receipt(s) kept over {} for a submit result that never came", purged,
            EARLY_RECEIPT_LIFETIME);
        metrics.earlyReceiptsPurged(purged);
      }
    }).exceptionally(e -> {
      LOG.warn("outbox: could not delete old early receipts; trying again in {}", EARLY_RECEIPT_SWEEP, e);
      return null;
    });
  }
}
