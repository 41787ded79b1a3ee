package org.kabambe.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * rows (queued -> submitting, <em>committed before the provider is called</em>, so a crash in between is visible
 * afterwards; a chunk is ~50 ms of the provider's rate) and submits each as its token comes. Results are recorded on a second thread ({@code outbox-recorder}), which
 * also records delivery receipts ({@link #receipts()}): Accepted -> submitted with one part per provider id;
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

  private final OutboxStore store;
  private final ProviderRouter router;
  private final RecipientPolicy policy;
  private final OutboxMetrics metrics;
  private final OutboxSettings settings;
  private final Clock clock;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final Map<SmsProvider, TokenBucket> buckets = new HashMap<>();
  private final Map<SmsProvider, RateMeter> rates = new HashMap<>();
  private final Semaphore inFlight;
  /** Numbers with a submit awaiting its result: their later rows wait, so one number's messages arrive in order. */
  private final Set<String> phonesInFlight = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ExecutorService recorder;
  private final ReceiptRecorder receipts;
  private final Thread thread;
  private final Object wakeLock = new Object();
  private boolean wakeRequested;
  private volatile boolean running = true;
  private long lastDepthSample;

  private OutboxSender(Builder b) {
    this.store = new OutboxStore(b.database);
    this.router = b.router;
    this.policy = b.policy;
    this.metrics = b.metrics;
    this.settings = b.settings;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.random = b.random;
    for (SmsProvider provider : router.providers()) {
      buckets.put(provider, new TokenBucket(provider.tps(), settings.burst(), ticker));
      rates.put(provider, new RateMeter(provider.name(), ticker));
    }
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.recorder = Executors.newSingleThreadExecutor(r -> daemon(r, "outbox-recorder"));
    this.receipts = new ReceiptRecorder(store, recorder, metrics);
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
    recorder.shutdown();
    try {
      recorder.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start() {
    thread.start();
  }

  private void run() {
    try {
      onRecorder(this::settleInterrupted).get();
    } catch (Exception e) {
      LOG.error("outbox: could not settle rows interrupted by the last shutdown; not sending until restarted", e);
      return;
    }
    while (running) {
      try {
        int handled = sendDue();
        sampleMetrics();
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
    List<DueRow> due = store.due(clock.instant(), settings.batchSize());
    Set<String> heldBack = new HashSet<>();
    List<DueRow> chunk = new ArrayList<>();
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
      if (routed.isPresent() && !routed.get().ready() && router.providers().size() == 1) {
        // The only provider is down: nothing else could go meanwhile, so the row stays due, untouched (no write per
        // row per poll during an outage), and goes as soon as the bind is back. Deferring it by the wall clock
        // stranded it under a frozen test clock (or a bind that came up within the deferral). Not counted as
        // handled, so the sender idles for its poll interval.
        heldBack.add(row.phone());
        continue;
      }
      handled++;
      Optional<SmsProvider> provider = prepare(row);
      if (provider.isEmpty()) {
        continue;
      }
      heldBack.add(row.phone()); // this number's later rows wait for this one's result
      if (chunkProvider != provider.get() || chunk.size() >= chunkSize(provider.get())) {
        sendChunk(chunkProvider, chunk);
        chunk.clear();
        chunkProvider = provider.get();
      }
      chunk.add(row);
    }
    sendChunk(chunkProvider, chunk);
    return handled;
  }

  /** Rows claimed in one commit for {@code provider}: ~50 ms of its rate, at most half the in-flight limit. */
  private int chunkSize(SmsProvider provider) {
    return Math.max(1, Math.min(Math.max(1, settings.maxInFlight() / 2), provider.tps() / 20));
  }

  /** Expires, refuses or defers a row that cannot go now; otherwise returns the provider it goes to. */
  private Optional<SmsProvider> prepare(DueRow row) {
    Instant now = clock.instant();
    if (!now.isBefore(row.expiresAt().orElse(row.createdAt().plus(settings.defaultValidity())))) {
      if (store.settle(row.id(), OutboxStatus.QUEUED, OutboxStatus.EXPIRED, OptionalInt.empty(),
          "expired before it could be sent", now)) {
        metrics.expired();
      }
      return Optional.empty();
    }
    if (!row.isSystemReply() && !policy.maySend(row.phone())) {
      failQueued(row, FailureCause.OPTED_OUT, OPTED_OUT);
      return Optional.empty();
    }
    Optional<SmsProvider> routed = router.route(row.phone());
    if (routed.isEmpty()) {
      failQueued(row, FailureCause.NO_ROUTE, "no provider is configured for this number");
      return Optional.empty();
    }
    if (!routed.get().ready()) {
      // Several providers: put the row off so that those of the providers that are up are not starved behind it.
      store.defer(row.id(), now.plus(settings.notReadyDelay()), now);
      return Optional.empty();
    }
    return routed;
  }

  /**
   * Claims {@code rows} (queued -> submitting, committed before the provider is called) and submits each as its
   * token comes. Interrupted (closing) before a claimed row was submitted, that row goes back to queued: it was
   * never sent, so it must not meet the crash rule.
   */
  private void sendChunk(SmsProvider provider, List<DueRow> rows) throws InterruptedException {
    if (rows.isEmpty()) {
      return;
    }
    inFlight.acquire(rows.size());
    Set<Long> claimed;
    try {
      claimed = new HashSet<>(store.claimAll(rows.stream().map(DueRow::id).toList(), provider.name(),
          settings.nodeId(), clock.instant()));
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
        for (DueRow unsent : rows.subList(i, rows.size())) {
          if (claimed.contains(unsent.id())) {
            store.requeue(unsent.id(), OptionalInt.empty(), "not sent: the sender stopped", clock.instant(),
                clock.instant());
            inFlight.release();
          }
        }
        throw e;
      }
      phonesInFlight.add(row.phone());
      rates.get(provider).submitted(metrics);
      submit(provider, row).whenComplete((result, error) -> completed(new Completion(provider, row,
          result != null ? result
              : new SubmitResult.Unknown("provider failed: " + (error == null ? "no result" : error)))));
    }
  }

  /** A submit's result, waiting to be recorded. */
  private record Completion(SmsProvider provider, DueRow row, SubmitResult result) {}

  /** Queues a result for the recorder thread, which records what has gathered in one transaction. */
  private void completed(Completion completion) {
    completions.add(completion);
    if (draining.compareAndSet(false, true)) {
      try {
        recorder.execute(this::recordCompletions);
      } catch (RejectedExecutionException e) {
        draining.set(false);
        LOG.error("outbox: the recorder is closed; message {} stays 'submitting' until restart",
            completion.row().id());
      }
    }
  }

  /** Runs on the recorder thread: accepted results in one commit, the rare others one by one. */
  private void recordCompletions() {
    while (true) {
      List<Completion> batch = new ArrayList<>();
      for (Completion c; (c = completions.poll()) != null; ) {
        batch.add(c);
      }
      if (batch.isEmpty()) {
        draining.set(false);
        if (completions.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      List<OutboxStore.Acceptance> accepted = new ArrayList<>();
      for (Completion c : batch) {
        if (c.result() instanceof SubmitResult.Accepted a) {
          metrics.submitted(c.provider().name());
          accepted.add(new OutboxStore.Acceptance(c.row().id(), c.provider().name(), a.providerIds()));
        } else {
          try {
            record(c.provider(), c.row(), c.result());
          } catch (RuntimeException e) {
            LOG.error("outbox: could not record the result of message {}; it stays 'submitting' until restart",
                c.row().id(), e);
          }
        }
      }
      if (!accepted.isEmpty()) {
        try {
          store.acceptedAll(accepted, clock.instant()).forEach(receipts::count);
        } catch (RuntimeException e) {
          LOG.error("outbox: could not record {} accepted submits; they stay 'submitting' until restart",
              accepted.size(), e);
        }
      }
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

  /** Runs on the recorder thread. */
  private void record(SmsProvider provider, DueRow row, SubmitResult result) {
    Instant now = clock.instant();
    int attempts = row.attempts() + 1;
    if (result instanceof SubmitResult.Accepted accepted) {
      metrics.submitted(provider.name());
      store.accepted(row.id(), provider.name(), accepted.providerIds(), now).ifPresent(receipts::count);
    } else if (result instanceof SubmitResult.Retry retry) {
      metrics.retried(provider.name(), retry.status());
      if (attempts >= settings.maxAttempts()) {
        if (store.settle(row.id(), OutboxStatus.SUBMITTING, OutboxStatus.FAILED, OptionalInt.of(retry.status()),
            "gave up after " + attempts + " attempts: " + retry.reason(), now)) {
          metrics.failed(FailureCause.GAVE_UP);
        }
      } else {
        store.requeue(row.id(), OptionalInt.of(retry.status()), retry.reason(),
            now.plus(settings.backoff().after(attempts, random)), now);
      }
    } else if (result instanceof SubmitResult.Rejected rejected) {
      metrics.rejected(provider.name(), rejected.status());
      if (store.settle(row.id(), OutboxStatus.SUBMITTING, OutboxStatus.FAILED, OptionalInt.of(rejected.status()),
          rejected.reason(), now)) {
        metrics.failed(FailureCause.REJECTED);
      }
    } else if (result instanceof SubmitResult.Unknown unknown) {
      metrics.unknown(provider.name());
      LOG.warn("outbox: outcome of message {} via {} unknown: {}", row.id(), provider.name(), unknown.reason());
      settleUnknown(row.id(), attempts, now);
    }
  }

  /** THE CRASH RULE, in one place: what becomes of a 'submitting' row whose submit may have been accepted. */
  private void settleUnknown(long id, int attempts, Instant now) {
    switch (settings.unknownOutcome()) {
      case AT_MOST_ONCE -> {
        if (store.settle(id, OutboxStatus.SUBMITTING, OutboxStatus.FAILED, OptionalInt.empty(), OUTCOME_UNKNOWN,
            now)) {
          metrics.failed(FailureCause.OUTCOME_UNKNOWN);
        }
      }
      case AT_LEAST_ONCE -> store.requeue(id, OptionalInt.empty(), "outcome unknown; queued again (at least once)",
          now.plus(settings.backoff().after(attempts, random)), now);
    }
  }

  /** Start-up, before any polling: this node's rows left 'submitting' by a crash meet the crash rule. */
  private void settleInterrupted() {
    Instant now = clock.instant();
    List<Long> interrupted = store.interrupted(settings.nodeId());
    if (!interrupted.isEmpty()) {
      LOG.warn("outbox: {} message(s) were being submitted when the sender last stopped; applying the {} rule",
          interrupted.size(), settings.unknownOutcome());
    }
    for (long id : interrupted) {
      settleUnknown(id, 1, now);
    }
  }

  private void failQueued(DueRow row, FailureCause cause, String error) {
    if (store.settle(row.id(), OutboxStatus.QUEUED, OutboxStatus.FAILED, OptionalInt.empty(), error,
        clock.instant())) {
      metrics.failed(cause);
    }
  }

  private void sampleMetrics() {
    long now = ticker.nanoTime();
    rates.values().forEach(rate -> rate.report(metrics));
    if (now - lastDepthSample >= DEPTH_SAMPLE_NANOS) {
      lastDepthSample = now;
      metrics.queueDepth(store.queued());
    }
  }

  private void idle() throws InterruptedException {
    synchronized (wakeLock) {
      if (!wakeRequested && running) {
        wakeLock.wait(Math.max(1, settings.pollInterval().toMillis()));
      }
      wakeRequested = false;
    }
  }

  private CompletableFuture<Void> onRecorder(Runnable work) {
    return CompletableFuture.runAsync(work, recorder);
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
