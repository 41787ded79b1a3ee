package org.kabambe.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;
import org.kabambe.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: a durable state machine {@code queued -> submitting -> submitted -> delivered | failed |
 * expired}, paced per provider by a {@link TokenBucket} at the provider's {@code tps()}. Claims and results are
 * committed in small batches (a commit per row capped the sender near 1,000 rows/s); one number's rows go one at a
 * time, in order.
 *
 * <p>A worker thread ({@code outbox-sender}) polls due rows (queued, {@code next_attempt_at <= now}), expires those
 * past their validity, fails those the {@link RecipientPolicy} refuses ("opted out", never sent), claims a chunk of
 * rows (queued -> submitting, <em>committed and flushed before the provider is called</em>, so a crash in between is
 * visible afterwards; a chunk is ~50 ms of the provider's rate) and submits each as its token comes. Every write
 * goes through the {@link OutboxRecorder} ({@code outbox-recorder}), which commits the claims, the submit results and
 * the delivery receipts ({@link #receipts()}) that gather meanwhile in one transaction and one flush: Accepted ->
 * submitted with one part per provider id;
 * Retry -> queued again after an exponential, jittered, capped backoff (failed after {@code maxAttempts});
 * Rejected -> failed with the provider's status; Unknown -> the crash rule.
 *
 * <p><b>The crash rule.</b> A row found in 'submitting' at start-up was claimed but its result never recorded (the
 * process died mid-submit), and an Unknown result means the request may have reached the provider with the reply
 * lost. Either way the SMSC may have accepted the message. By default ({@link UnknownOutcomeRule#AT_MOST_ONCE}) such
 * rows become {@code failed} with the error {@value #OUTCOME_UNKNOWN}: a participant is never sent the same
 * message twice. Only a provider that says it could not have sent (a Retry) gets the message queued again. A
 * deployment that prefers duplicates to losses sets {@link UnknownOutcomeRule#AT_LEAST_ONCE}; the rule lives in
 * {@link #settleUnknown} alone. A message that was accepted is never resubmitted, whatever the rule.
 *
 * <p>JDBC runs only on these two threads, never on a caller's or an event loop.
 */
public final class OutboxSender implements AutoCloseable {
  /** The error of a row whose submit outcome is unknown, under the default at-most-once rule. */
  public static final String OUTCOME_UNKNOWN =
      "outcome unknown (crash or lost response); not resent to avoid a duplicate";
  static final String OPTED_OUT = "opted out";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
  // COUNT(*) walks every queued index entry: cheap for a conversation's backlog, not for a broadcast's.
  private static final long DEPTH_SAMPLE_NANOS = 5_000_000_000L;
  // A receipt kept early waits for a submit result due within seconds (the transaction timer); one older than a day
  // matches nothing that will ever come: an SMSC's stray, or a result lost to a crash. Looked for hourly.
  static final Duration EARLY_RECEIPT_LIFETIME = Duration.ofDays(1);
  private static final Duration EARLY_RECEIPT_SWEEP = Duration.ofHours(1);

  private final OutboxStore store;
  private final ProviderRouter router;
  private final RecipientPolicy policy;
  private final OutboxMetrics metrics;
  private final OutboxSettings settings;
  private final Clock clock;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final java.util.function.Predicate<String> sendsFor;
  private final Map<SmsProvider, TokenBucket> buckets = new HashMap<>();
  private final Map<SmsProvider, RateMeter> rates = new HashMap<>();
  private final Semaphore inFlight;
  /** Numbers with a submit awaiting its result: their later rows wait, so one number's messages arrive in order. */
  private final Set<String> phonesInFlight = ConcurrentHashMap.newKeySet();
  private final OutboxRecorder recorder;
  private final OutboxRecorder.Lane<Completion, List<Runnable>> results;
  private final ReceiptRecorder receipts;
  private final OutboxRecorder.Lane<Claim, Claimed> claims;
  private final Thread thread;
  private final Object wakeLock = new Object();
  private boolean wakeRequested;
  private volatile boolean running = true;
  private long lastDepthSample;
  private Instant nextEarlyReceiptSweep = Instant.MIN;

  private OutboxSender(Builder b) {
    this.store = new OutboxStore(b.database);
    this.router = b.router;
    this.policy = b.policy;
    this.metrics = b.metrics;
    this.settings = b.settings;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.random = b.random;
    this.sendsFor = b.sendsFor;
    for (SmsProvider provider : router.providers()) {
      buckets.put(provider, new TokenBucket(provider.tps(), settings.burst(), ticker));
      rates.put(provider, new RateMeter(provider.name(), ticker));
    }
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.recorder = new OutboxRecorder(store);
    // Results first: a receipt in the same round then finds its part instead of being kept as early.
    this.results = recorder.lane("submit results", Integer.MAX_VALUE, new Results());
    this.receipts = new ReceiptRecorder(recorder, metrics, clock);
    this.claims = recorder.lane("claims", Integer.MAX_VALUE, new Claims());
    this.thread = daemon(this::run, "outbox-sender");
    this.lastDepthSample = ticker.nanoTime() - DEPTH_SAMPLE_NANOS;
  }

  /** Starts building a sender for the outbox in {@code database}, sending through {@code router}'s providers. */
  public static Builder builder(Database database, ProviderRouter router) {
    return new Builder(database, router);
  }

  /** Where delivery receipts go: the engine's {@code SmsHandler.receipt} calls {@code receipts().record(report)}. */
  public ReceiptRecorder receipts() {
    return receipts;
  }

  /** Asks the sender to look for due rows now rather than after its poll interval (e.g. after a hop queued SMS). */
  public void wake() {
    synchronized (wakeLock) {
      wakeRequested = true;
      wakeLock.notifyAll();
    }
  }

  /**
   * Stops polling, waits up to 5 s for submits in flight to be recorded (rows still unrecorded stay 'submitting'
   * and meet the crash rule at the next start), and stops the recorder. Providers are the caller's to close.
   */
  @Override
  public void close() {
    running = false;
    wake();
    try {
      // Not interrupted at once: an interrupt inside JDBC can cost H2 its file channel; a bucket wait is short.
      thread.join(TimeUnit.SECONDS.toMillis(5));
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(1));
      }
      if (inFlight.tryAcquire(settings.maxInFlight(), 5, TimeUnit.SECONDS)) {
        inFlight.release(settings.maxInFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    recorder.close();
  }

  private void start() {
    thread.start();
  }

  private void run() {
    try {
      recorder.run(this::settleInterrupted).get();
    } catch (Exception e) {
      LOG.error("outbox: could not settle rows interrupted by the last shutdown; not sending until restarted", e);
      return;
    }
    while (running) {
      try {
        int handled = sendDue();
        sampleMetrics();
        sweepEarlyReceipts();
        if (handled < settings.batchSize()) {
          idle();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("outbox: sending failed; retrying after the poll interval", e);
        try {
          idle();
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /**
   * Sends what is due now; returns how many rows were handled. A row whose number already has a submit awaiting its
   * result (or an earlier row chosen or held back in this batch) is left queued for a later poll: the submit pool
   * runs submits concurrently, so two rows of one hop would otherwise reach the handset in either order. The
   * result of that submit wakes the sender, so a held-back row waits for its predecessor's result, not for the poll.
   *
   * <p>Rows bound for one provider are claimed in chunks, one commit per chunk (a commit per row capped the sender
   * at a few hundred rows a second): at most {@link #chunkSize} rows, about 50 ms of the provider's rate, so a
   * claimed row waits at most that long for its token.
   */
  private int sendDue() throws InterruptedException {
    if (router.providers().stream().noneMatch(p -> sendsFor.test(p.name()))) {
      return 0; // another node sends for every provider: nothing to read
    }
    List<DueRow> due = store.due(clock.instant(), settings.batchSize());
    Set<String> heldBack = new HashSet<>();
    List<DueRow> chunk = new ArrayList<>();
    List<Unsent> unsent = new ArrayList<>();
    SmsProvider chunkProvider = null;
    int handled = 0;
    for (DueRow row : due) {
      if (!running) {
        break;
      }
      if (heldBack.contains(row.phone()) || phonesInFlight.contains(row.phone())) {
        heldBack.add(row.phone());
        continue;
      }
      Optional<SmsProvider> routed = router.route(row.phone());
      if (routed.isPresent() && !sendsFor.test(routed.get().name())) {
        // Another node sends for that provider (one sender per bind keeps the operator's TPS cap cluster-wide):
        // the row stays as it is, for that node's poll.
        heldBack.add(row.phone());
        continue;
      }
      if (routed.isPresent() && !routed.get().ready() && router.providers().size() == 1) {
        // The only provider is down: nothing else could go meanwhile, so the row stays due, untouched (no write per
        // row per poll during an outage), and goes as soon as the bind is back. Deferring it by the wall clock
        // stranded it under a frozen test clock (or a bind that came up within the deferral). Not counted as
        // handled, so the sender idles for its poll interval.
        heldBack.add(row.phone());
        continue;
      }
      handled++;
      Optional<SmsProvider> provider = prepare(row, unsent);
      if (provider.isEmpty()) {
        continue;
      }
      heldBack.add(row.phone()); // this number's later rows wait for this one's result
      if (chunkProvider != provider.get() || chunk.size() >= chunkSize(provider.get())) {
        sendChunk(chunkProvider, chunk, unsent);
        chunk.clear();
        unsent.clear();
        chunkProvider = provider.get();
      }
      chunk.add(row);
    }
    sendChunk(chunkProvider, chunk, unsent);
    return handled;
  }

  /** Rows claimed in one commit for {@code provider}: ~50 ms of its rate, at most half the in-flight limit. */
  private int chunkSize(SmsProvider provider) {
    return Math.max(1, Math.min(Math.max(1, settings.maxInFlight() / 2), provider.tps() / 20));
  }

  /**
   * Returns the provider a row goes to, or adds to {@code unsent} what becomes of a row that cannot go now:
   * expired, refused (opted out, no route) or put off (its provider is not ready).
   */
  private Optional<SmsProvider> prepare(DueRow row, List<Unsent> unsent) {
    Instant now = clock.instant();
    if (!now.isBefore(row.expiresAt().orElse(row.createdAt().plus(settings.defaultValidity())))) {
      unsent.add(sql -> OutboxTransitions.settle(sql, row.id(), OutboxStatus.QUEUED, OutboxStatus.EXPIRED,
          OptionalInt.empty(), "expired before it could be sent", now) ? Optional.of(metrics::expired)
          : Optional.empty());
      return Optional.empty();
    }
    if (!row.isSystemReply() && !policy.maySend(row.phone())) {
      unsent.add(failQueued(row, FailureCause.OPTED_OUT, OPTED_OUT, now));
      return Optional.empty();
    }
    Optional<SmsProvider> routed = router.route(row.phone());
    if (routed.isEmpty()) {
      unsent.add(failQueued(row, FailureCause.NO_ROUTE, "no provider is configured for this number", now));
      return Optional.empty();
    }
    if (!routed.get().ready()) {
      // Several providers: put the row off so that those of the providers that are up are not starved behind it.
      unsent.add(sql -> {
        OutboxTransitions.defer(sql, row.id(), now.plus(settings.notReadyDelay()), now);
        return Optional.empty();
      });
      return Optional.empty();
    }
    return routed;
  }

  private Unsent failQueued(DueRow row, FailureCause cause, String error, Instant now) {
    return sql -> OutboxTransitions.settle(sql, row.id(), OutboxStatus.QUEUED, OutboxStatus.FAILED, OptionalInt.empty(),
        error, now) ? Optional.of(() -> metrics.failed(cause)) : Optional.empty();
  }

  /**
   * Writes {@code unsent} and claims {@code rows} (queued -> submitting) in the recorder's next round, waits for
   * that commit, then submits each claimed row as its token comes. Interrupted (closing) before a claimed row was
   * submitted, that row goes back to queued: it was never sent, so it must not meet the crash rule.
   */
  private void sendChunk(SmsProvider provider, List<DueRow> rows, List<Unsent> unsent) throws InterruptedException {
    if (rows.isEmpty() && unsent.isEmpty()) {
      return;
    }
    inFlight.acquire(rows.size());
    Set<Long> claimed;
    try {
      var claim = new Claim(List.copyOf(unsent), rows.stream().map(DueRow::id).toList(),
          provider == null ? "" : provider.name(), clock.instant(), new CompletableFuture<>());
      claims.add(claim);
      claimed = awaitCommit(claim.claimed());
    } catch (RuntimeException e) {
      inFlight.release(rows.size());
      throw e;
    }
    inFlight.release(rows.size() - claimed.size());
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
      phonesInFlight.add(row.phone());
      rates.get(provider).submitted(metrics);
      submit(provider, row).whenComplete((result, error) -> results.add(new Completion(provider, row,
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
    inFlight.release(ids.size());
  }

  /** What becomes of a queued row the sender does not send now; returns what to count once it is committed. */
  private interface Unsent {
    Optional<Runnable> write(Statements sql) throws SQLException;
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

  /** A submit's result, waiting to be recorded. */
  private record Completion(SmsProvider provider, DueRow row, SubmitResult result) {}

  /**
   * Results lane: every result gathered, in the round's transaction (accepted ones as JDBC batches); then the
   * counts, and their numbers' later rows may go.
   */
  private final class Results implements OutboxRecorder.Lane.Kind<Completion, List<Runnable>> {
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
        counts.add(() -> receipts.count(settled));
      }
      return counts;
    }

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
      for (Completion c : batch) {
        phonesInFlight.remove(c.row().phone());
      }
      inFlight.release(batch.size());
      wake(); // later rows of these numbers may be waiting for these results
    }
  }

  private CompletionStage<SubmitResult> submit(SmsProvider provider, DueRow row) {
    try {
      return Objects.requireNonNull(provider.submit(new OutboundSms(row.id(), row.phone(), row.sender(),
          row.text())), "submit returned no stage");
    } catch (RuntimeException e) {
      // We cannot tell how far it got before throwing: treat as unknown.
      return CompletableFuture.completedFuture(new SubmitResult.Unknown("submit threw " + e));
    }
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
            OUTCOME_UNKNOWN, now)) {
          return Optional.of(() -> metrics.failed(FailureCause.OUTCOME_UNKNOWN));
        }
      }
      case AT_LEAST_ONCE -> OutboxTransitions.requeue(sql, id, OptionalInt.empty(),
          "outcome unknown; queued again (at least once)", now.plus(settings.backoff().after(attempts, random)), now);
    }
    return Optional.empty();
  }

  /** Start-up, before any polling: this node's rows left 'submitting' by a crash meet the crash rule. */
  private void settleInterrupted() {
    Instant now = clock.instant();
    List<Long> interrupted = store.interrupted(settings.nodeId());
    if (interrupted.isEmpty()) {
      return;
    }
    LOG.warn("outbox: {} message(s) were being submitted when the sender last stopped; applying the {} rule",
        interrupted.size(), settings.unknownOutcome());
    settleAllUnknown(interrupted, now);
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

  /**
   * On taking {@code provider} over from another node: rows that node claimed and never recorded meet the crash
   * rule, as this node's own do at start (never resent under the default rule). Runs on the recorder's thread.
   */
  public CompletableFuture<Void> settleAbandoned(String provider) {
    return recorder.run(() -> {
      Instant now = clock.instant();
      List<Long> abandoned = store.abandoned(provider, settings.nodeId());
      if (abandoned.isEmpty()) {
        return;
      }
      LOG.warn("outbox: {} message(s) for {} were being submitted by another node when it stopped sending; applying"
          + " the {} rule", abandoned.size(), provider, settings.unknownOutcome());
      settleAllUnknown(abandoned, now);
    });
  }

  private void sampleMetrics() {
    long now = ticker.nanoTime();
    rates.values().forEach(rate -> rate.report(metrics));
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

  private void idle() throws InterruptedException {
    synchronized (wakeLock) {
      if (!wakeRequested && running) {
        wakeLock.wait(Math.max(1, settings.pollInterval().toMillis()));
      }
      wakeRequested = false;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Collects a sender's collaborators; only the database and the router are required. */
  public static final class Builder {
    private final Database database;
    private final ProviderRouter router;
    private RecipientPolicy policy = RecipientPolicy.ALLOW_ALL;
    private OutboxMetrics metrics = OutboxMetrics.NONE;
    private OutboxSettings settings = OutboxSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.SYSTEM;
    private RandomGenerator random = RandomGenerator.getDefault();
    private java.util.function.Predicate<String> sendsFor = name -> true;

    private Builder(Database database, ProviderRouter router) {
      this.database = Objects.requireNonNull(database, "database");
      this.router = Objects.requireNonNull(router, "router");
    }

    public Builder recipientPolicy(RecipientPolicy value) {
      this.policy = Objects.requireNonNull(value);
      return this;
    }

    public Builder metrics(OutboxMetrics value) {
      this.metrics = Objects.requireNonNull(value);
      return this;
    }

    public Builder settings(OutboxSettings value) {
      this.settings = Objects.requireNonNull(value);
      return this;
    }

    /** Wall time for stored timestamps, due times and expiry. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** Monotonic time for pacing. */
    public Builder ticker(Ticker value) {
      this.ticker = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The providers (by name) this node sends for now; rows routed to others are left queued, untouched, for the
     * node that does. Default: every provider (a single node).
     */
    public Builder sendsFor(java.util.function.Predicate<String> value) {
      this.sendsFor = Objects.requireNonNull(value);
      return this;
    }

    /** Jitter for backoff. */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value);
      return this;
    }

    /** Starts the sender thread: it first settles rows a crash left 'submitting', then polls. */
    public OutboxSender start() {
      var sender = new OutboxSender(this);
      sender.start();
      return sender;
    }
  }
}
