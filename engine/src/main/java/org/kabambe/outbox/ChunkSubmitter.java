package org.kabambe.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * Claims a chunk of rows for one provider (queued -> submitting, <em>committed and flushed before the provider is
 * called</em>, so a crash in between is visible afterwards) in the recorder's claims lane, then submits each as its
 * provider's {@link TokenBucket} gives a token; each result goes to the results lane.
 */
final class ChunkSubmitter {
  private final OutboxStore store;
  private final OutboxMetrics metrics;
  private final OutboxSettings settings;
  private final Clock clock;
  private final SubmitsInFlight inFlight;
  private final Map<SmsProvider, TokenBucket> buckets = new HashMap<>();
  private final Map<SmsProvider, RateMeter> rates = new HashMap<>();
  private final OutboxRecorder.Lane<Claim, Claimed> claims;
  private final OutboxRecorder.Lane<SubmitResults.Completion, ?> results;

  /** Adds the claims lane to {@code recorder}; pace each of {@code router}'s providers at its {@code tps()}. */
  ChunkSubmitter(OutboxStore store, OutboxRecorder recorder, OutboxRecorder.Lane<SubmitResults.Completion, ?> results,
                 ProviderRouter router, OutboxMetrics metrics, OutboxSettings settings, Clock clock, Ticker ticker,
                 SubmitsInFlight inFlight) {
    this.store = store;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.inFlight = inFlight;
    for (SmsProvider provider : router.providers()) {
      buckets.put(provider, new TokenBucket(provider.tps(), settings.burst(), ticker));
      rates.put(provider, new RateMeter(provider.name(), ticker));
    }
    this.results = results;
    this.claims = recorder.lane("claims", Integer.MAX_VALUE, new Claims());
  }

  /** Rows claimed in one commit for {@code provider}: ~50 ms of its rate, at most half the in-flight limit. */
  int chunkSize(SmsProvider provider) {
    return Math.max(1, Math.min(Math.max(1, settings.maxInFlight() / 2), provider.tps() / 20));
  }

  /** Reports each provider's submit rate to the metrics. */
  void reportRates() {
    rates.values().forEach(rate -> rate.report(metrics));
  }

  /**
   * Writes {@code unsent} and claims {@code rows} (queued -> submitting) in the recorder's next round, waits for
   * that commit, then submits each claimed row as its token comes. Interrupted (closing) before a claimed row was
   * submitted, that row goes back to queued: it was never sent, so it must not meet the crash rule.
   */
  void sendChunk(SmsProvider provider, List<DueRow> rows, List<Unsent> unsent) throws InterruptedException {
    if (rows.isEmpty() && unsent.isEmpty()) {
      return;
    }
    inFlight.reserve(rows.size());
    Set<Long> claimed;
    try {
      var claim = new Claim(List.copyOf(unsent), rows.stream().map(DueRow::id).toList(),
          provider == null ? "" : provider.name(), clock.instant(), new CompletableFuture<>());
      claims.add(claim);
      claimed = awaitCommit(claim.claimed());
    } catch (RuntimeException e) {
      inFlight.unreserve(rows.size());
      throw e;
    }
    inFlight.unreserve(rows.size() - claimed.size());
    for (int i = 0; i < rows.size(); i++) {
      DueRow row = rows.get(i);
      if (!claimed.contains(row.id())) {
        continue;
      }
      try {
        buckets.get(provider).acquire();
      } catch (InterruptedException e) {
        requeueUnsent(rows.subList(i, rows.size()), claimed);
        throw e;
      }
      inFlight.submitting(row.phone());
      rates.get(provider).submitted(metrics);
      submit(provider, row).whenComplete((result, error) -> results.add(new SubmitResults.Completion(provider, row,
          result != null ? result
              : new SubmitResult.Unknown("provider failed: " + (error == null ? "no result" : error)))));
    }
  }

  /**
   * Waits for the recorder to commit a claim, interrupted or not: once asked, the claim may commit at any moment,
   * and rows claimed behind our back would meet the crash rule unsent. The interrupt is kept for the caller.
   */
  private static Set<Long> awaitCommit(CompletableFuture<Set<Long>> claimed) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return claimed.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requeueUnsent(List<DueRow> rows, Set<Long> claimed) {
    List<Long> ids = rows.stream().map(DueRow::id).filter(claimed::contains).toList();
    Instant now = clock.instant();
    store.transaction(sql -> {
      for (long id : ids) {
        OutboxTransitions.requeue(sql, id, OptionalInt.empty(), "not sent: the sender stopped", now, now);
      }
      return null;
    });
    inFlight.unreserve(ids.size());
  }

  private static CompletionStage<SubmitResult> submit(SmsProvider provider, DueRow row) {
    try {
      return Objects.requireNonNull(provider.submit(new OutboundSms(row.id(), row.phone(), row.sender(),
          row.text())), "submit returned no stage");
    } catch (RuntimeException e) {
      // We cannot tell how far it got before throwing: treat as unknown.
      return CompletableFuture.completedFuture(new SubmitResult.Unknown("submit threw " + e));
    }
  }

  /** The sender's writes for one chunk: rows it does not send, then the rows it claims for {@code provider}. */
  private record Claim(List<Unsent> unsent, List<Long> ids, String provider, Instant now,
                       CompletableFuture<Set<Long>> claimed) {}

  /** What a round wrote for a claim: the ids it moved, and what to count. */
  private record Claimed(List<Set<Long>> ids, List<Runnable> counts) {}

  /** Claims lane: unsent rows and claims of every chunk waiting, in the round's transaction. */
  private final class Claims implements OutboxRecorder.Lane.Kind<Claim, Claimed> {
    @Override
    public Claimed write(Statements sql, List<Claim> batch) throws SQLException {
      var ids = new ArrayList<Set<Long>>();
      var counts = new ArrayList<Runnable>();
      for (Claim claim : batch) {
        for (Unsent unsent : claim.unsent()) {
          unsent.write(sql).ifPresent(counts::add);
        }
        ids.add(new HashSet<>(OutboxTransitions.claim(sql, claim.ids(), claim.provider(), settings.nodeId(),
            claim.now())));
      }
      return new Claimed(ids, counts);
    }

    @Override
    public void committed(List<Claim> batch, Claimed written) {
      written.counts().forEach(Runnable::run);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).claimed().complete(written.ids().get(i));
      }
    }

    @Override
    public void failed(List<Claim> batch, RuntimeException error) {
      batch.forEach(claim -> claim.claimed().completeExceptionally(error));
    }
  }
}
