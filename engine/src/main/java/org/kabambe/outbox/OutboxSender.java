package org.kabambe.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: a durable state machine {@code queued -> submitting -> submitted -> delivered | failed |
 * expired}, paced per provider by a {@link TokenBucket} at the provider's {@code tps()}. Claims and results are
 * committed in small batches (a commit per row capped the sender near 1,000 rows/s); one number's rows go one at a
 * time, in order.
 *
 * <p>A worker thread ({@code outbox-sender}) polls due rows (queued, {@code next_attempt_at <= now}), settles those
 * that cannot go ({@link DueRowTriage}: expired, opted out, no route), and has the {@link ChunkSubmitter} claim a
 * chunk of rows (queued -> submitting, <em>committed and flushed before the provider is called</em>, so a crash in
 * between is visible afterwards; a chunk is ~50 ms of the provider's rate) and submit each as its token comes.
 * Every write goes through the {@link OutboxRecorder} ({@code outbox-recorder}), which commits the claims, the
 * submit results ({@link SubmitResults}: Accepted -> submitted with one part per provider id; Retry -> queued again
 * after an exponential, jittered, capped backoff, failed after {@code maxAttempts}; Rejected -> failed with the
 * provider's status; Unknown -> the crash rule) and the delivery receipts ({@link #receipts()}) that gather
 * meanwhile in one transaction and one flush.
 *
 * <p><b>The crash rule.</b> A row found in 'submitting' at start-up was claimed but its result never recorded (the
 * process died mid-submit), and an Unknown result means the request may have reached the provider with the reply
 * lost. Either way the SMSC may have accepted the message. By default ({@link UnknownOutcomeRule#AT_MOST_ONCE}) such
 * rows become {@code failed} with the error {@value #OUTCOME_UNKNOWN}: a participant is never sent the same
 * message twice. Only a provider that says it could not have sent (a Retry) gets the message queued again. A
 * deployment that prefers duplicates to losses sets {@link UnknownOutcomeRule#AT_LEAST_ONCE}; the rule lives in
 * {@link SubmitResults} alone. A message that was accepted is never resubmitted, whatever the rule.
 *
 * <p>JDBC runs only on these two threads, never on a caller's or an event loop.
 */
public final class OutboxSender implements AutoCloseable {
  /** The error of a row whose submit outcome is unknown, under the default at-most-once rule. */
  public static final String OUTCOME_UNKNOWN =
      "outcome unknown (crash or lost response); not resent to avoid a duplicate";
  static final String OPTED_OUT = "opted out";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);

  private final OutboxStore store;
  private final ProviderRouter router;
  private final OutboxSettings settings;
  private final Clock clock;
  private final Predicate<String> sendsFor;
  private final SubmitsInFlight inFlight;
  private final OutboxRecorder recorder;
  private final SubmitResults results;
  private final ReceiptRecorder receipts;
  private final DueRowTriage triage;
  private final ChunkSubmitter submitter;
  private final SenderUpkeep upkeep;
  private final Thread thread;
  private final Object wakeLock = new Object();
  private boolean wakeRequested;
  private volatile boolean running = true;

  private OutboxSender(Builder b) {
    this.store = new OutboxStore(b.database);
    this.router = b.router;
    this.settings = b.settings;
    this.clock = b.clock;
    this.sendsFor = b.sendsFor;
    this.inFlight = new SubmitsInFlight(settings.maxInFlight());
    this.recorder = new OutboxRecorder(store);
    this.results = new SubmitResults(store, b.metrics, settings, clock, b.random, inFlight, this::wake);
    // Results first: a receipt in the same round then finds its part instead of being kept as early.
    var resultLane = recorder.lane("submit results", Integer.MAX_VALUE, results);
    this.receipts = new ReceiptRecorder(recorder, b.metrics, clock);
    this.triage = new DueRowTriage(router, b.policy, b.metrics, settings, clock);
    this.submitter = new ChunkSubmitter(store, recorder, resultLane, router, b.metrics, settings, clock, b.ticker,
        inFlight);
    this.upkeep = new SenderUpkeep(store, recorder, submitter, b.metrics, clock, b.ticker);
    this.thread = daemon(this::run, "outbox-sender");
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
      inFlight.awaitNone(5);
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
      recorder.run(results::settleInterrupted).get();
    } catch (Exception e) {
      LOG.error("outbox: could not settle rows interrupted by the last shutdown; not sending until restarted", e);
      return;
    }
    while (running) {
      try {
        int handled = sendDue();
        upkeep.afterPoll();
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
   * at a few hundred rows a second): at most {@link ChunkSubmitter#chunkSize} rows, about 50 ms of the provider's rate, so a
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
      if (heldBack.contains(row.phone()) || inFlight.awaitsResult(row.phone())) {
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
      Optional<SmsProvider> provider = triage.prepare(row, unsent);
      if (provider.isEmpty()) {
        continue;
      }
      heldBack.add(row.phone()); // this number's later rows wait for this one's result
      if (chunkProvider != provider.get() || chunk.size() >= submitter.chunkSize(provider.get())) {
        submitter.sendChunk(chunkProvider, chunk, unsent);
        chunk.clear();
        unsent.clear();
        chunkProvider = provider.get();
      }
      chunk.add(row);
    }
    submitter.sendChunk(chunkProvider, chunk, unsent);
    return handled;
  }

  /**
   * On taking {@code provider} over from another node: rows that node claimed and never recorded meet the crash
   * rule, as this node's own do at start (never resent under the default rule). Runs on the recorder's thread.
   */
  public CompletableFuture<Void> settleAbandoned(String provider) {
    return recorder.run(() -> results.settleAbandoned(provider));
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
    private Predicate<String> sendsFor = name -> true;

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
    public Builder sendsFor(Predicate<String> value) {
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
