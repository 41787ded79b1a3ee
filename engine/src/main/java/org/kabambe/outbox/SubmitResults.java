package org.kabambe.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox recorder's lane for submit results, and what each result does to its row: Accepted -> submitted with
 * one part per provider id; Retry -> queued again after a backoff (failed after {@code maxAttempts}); Rejected ->
 * failed; Unknown -> the crash rule ({@link #settleUnknown}), which also settles rows a crash left 'submitting'.
 */
final class SubmitResults implements OutboxRecorder.Lane.Kind<SubmitResults.Completion, List<Runnable>> {
  private static final Logger LOG = LoggerFactory.getLogger(SubmitResults.class);

  private final OutboxStore store;
  private final OutboxMetrics metrics;
  private final OutboxSettings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final SubmitsInFlight inFlight;
  private final Runnable wake;

  /** {@code wake} wakes the sender once results are recorded (later rows of their numbers may be waiting). */
  SubmitResults(OutboxStore store, OutboxMetrics metrics, OutboxSettings settings, Clock clock,
                RandomGenerator random, SubmitsInFlight inFlight, Runnable wake) {
    this.store = store;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.inFlight = inFlight;
    this.wake = wake;
  }

  /** A submit's result, waiting to be recorded. */
  record Completion(SmsProvider provider, DueRow row, SubmitResult result) {}

  /** Every result gathered, in the round's transaction (accepted ones as JDBC batches). */
  @Override
  public List<Runnable> write(Statements sql, List<Completion> batch) throws SQLException {
    Instant now = clock.instant();
    var counts = new ArrayList<Runnable>();
    var accepted = new ArrayList<OutboxTransitions.Acceptance>();
    for (Completion c : batch) {
      if (c.result() instanceof SubmitResult.Accepted a) {
        counts.add(() -> metrics.submitted(c.provider().name()));
        accepted.add(new OutboxTransitions.Acceptance(c.row().id(), c.provider().name(), a.providerIds()));
      } else {
        record(sql, c.provider(), c.row(), c.result(), now).ifPresent(counts::add);
      }
    }
    for (OutboxStatus settled : OutboxTransitions.accepted(sql, accepted, now)) {
      counts.add(() -> ReceiptRecorder.count(metrics, settled));
    }
    return counts;
  }

  /** Then the counts, and their numbers' later rows may go. */
  @Override
  public void committed(List<Completion> batch, List<Runnable> counts) {
    counts.forEach(Runnable::run);
    release(batch);
  }

  @Override
  public void failed(List<Completion> batch, RuntimeException error) {
    LOG.error("outbox: could not record the results of {} submit(s); they stay 'submitting' until restart",
        batch.size(), error);
    release(batch);
  }

  private void release(List<Completion> batch) {
    inFlight.recorded(batch.stream().map(c -> c.row().phone()).toList());
    wake.run(); // later rows of these numbers may be waiting for these results
  }

  /** A result other than Accepted, written in the round's transaction; returns what to count after the commit. */
  private Optional<Runnable> record(Statements sql, SmsProvider provider, DueRow row, SubmitResult result,
                                    Instant now) throws SQLException {
    int attempts = row.attempts() + 1;
    String name = provider.name();
    if (result instanceof SubmitResult.Retry retry) {
      if (attempts >= settings.maxAttempts()) {
        boolean failed = OutboxTransitions.settle(sql, row.id(), OutboxStatus.SUBMITTING, OutboxStatus.FAILED,
            OptionalInt.of(retry.status()), "gave up after " + attempts + " attempts: " + retry.reason(), now);
        return Optional.of(() -> {
          metrics.retried(name, retry.status());
          if (failed) {
            metrics.failed(FailureCause.GAVE_UP);
          }
        });
      }
      OutboxTransitions.requeue(sql, row.id(), OptionalInt.of(retry.status()), retry.reason(),
          now.plus(settings.backoff().after(attempts, random)), now);
      return Optional.of(() -> metrics.retried(name, retry.status()));
    } else if (result instanceof SubmitResult.Rejected rejected) {
      boolean failed = OutboxTransitions.settle(sql, row.id(), OutboxStatus.SUBMITTING, OutboxStatus.FAILED,
          OptionalInt.of(rejected.status()), rejected.reason(), now);
      return Optional.of(() -> {
        metrics.rejected(name, rejected.status());
        if (failed) {
          metrics.failed(FailureCause.REJECTED);
        }
      });
    } else if (result instanceof SubmitResult.Unknown unknown) {
      LOG.warn("outbox: outcome of message {} via {} unknown: {}", row.id(), name, unknown.reason());
      Optional<Runnable> settled = settleUnknown(sql, row.id(), attempts, now);
      return Optional.of(() -> {
        metrics.unknown(name);
        settled.ifPresent(Runnable::run);
      });
    }
    return Optional.empty();
  }

  /**
   * THE CRASH RULE, in one place: what becomes of a 'submitting' row whose submit may have been accepted. Returns
   * what to count once that is committed.
   */
  private Optional<Runnable> settleUnknown(Statements sql, long id, int attempts, Instant now) throws SQLException {
    switch (settings.unknownOutcome()) {
      case AT_MOST_ONCE -> {
        if (OutboxTransitions.settle(sql, id, OutboxStatus.SUBMITTING, OutboxStatus.FAILED, OptionalInt.empty(),
            OutboxSender.OUTCOME_UNKNOWN, now)) {
          return Optional.of(() -> metrics.failed(FailureCause.OUTCOME_UNKNOWN));
        }
      }
      case AT_LEAST_ONCE -> OutboxTransitions.requeue(sql, id, OptionalInt.empty(),
          "outcome unknown; queued again (at least once)", now.plus(settings.backoff().after(attempts, random)), now);
    }
    return Optional.empty();
  }

  /** Start-up, before any polling: this node's rows left 'submitting' by a crash meet the crash rule. */
  void settleInterrupted() {
    Instant now = clock.instant();
    List<Long> interrupted = store.interrupted(settings.nodeId());
    if (interrupted.isEmpty()) {
      return;
    }
    LOG.warn("outbox: {} message(s) were being submitted when the sender last stopped; applying the {} rule",
        interrupted.size(), settings.unknownOutcome());
    settleAllUnknown(interrupted, now);
  }

  /** Rows another node claimed for {@code provider} and never recorded meet the crash rule. */
  void settleAbandoned(String provider) {
    Instant now = clock.instant();
    List<Long> abandoned = store.abandoned(provider, settings.nodeId());
    if (abandoned.isEmpty()) {
      return;
    }
    LOG.warn("outbox: {} message(s) for {} were being submitted by another node when it stopped sending; applying"
        + " the {} rule", abandoned.size(), provider, settings.unknownOutcome());
    settleAllUnknown(abandoned, now);
  }

  /** Applies the crash rule to rows whose submit outcome nobody recorded, in one transaction. */
  private void settleAllUnknown(List<Long> ids, Instant now) {
    List<Runnable> counts = store.transaction(sql -> {
      var settled = new ArrayList<Runnable>();
      for (long id : ids) {
        settleUnknown(sql, id, 1, now).ifPresent(settled::add);
      }
      return settled;
    });
    counts.forEach(Runnable::run);
  }
}
