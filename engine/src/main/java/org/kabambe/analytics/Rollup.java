package org.kabambe.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kabambe.events.EventType;
import org.kabambe.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the measurement tables ({@code flow_runs}, {@code run_daily}, {@code duration_daily}, {@code run_hourly},
 * {@code duration_hourly}, {@code run_version_daily}, {@code funnel_daily}, {@code funnel_version_daily},
 * {@code event_daily}, {@code answer_daily}, {@code answer_field_daily}, {@code answer_pair_daily},
 * {@code participant_arms}) up to date by tailing {@code events} and {@code answers} on its own thread, so the hop
 * path writes nothing extra and figures read small per-day tables.
 *
 * <p>This class decides when to read: rounds on its thread, only while this node holds the rollup singleton, held
 * off while an erasure rewrites runs. {@link RollupTail} reads the log after the cursors (by id on H2, by writing
 * transaction on PostgreSQL, see {@link TailOrder}) and writes each batch with its cursors; {@link RunFold} is the
 * run state machine it folds the events through.
 */
public final class Rollup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rollup.class);

  /**
   * How the rollup reads.
   *
   * @param batch      rows (events, then answers) summed and committed at a time: bounds memory and transactions
   * @param idleCutoff an open run with no event for this long (in event time) is counted as left at its last node:
   *                   participants who simply stop answering produce no event of their own
   * @param period     pause between rounds
   * @param busyPeriod pause after a round that applied at least {@code busyRows} rows: under load the figures trail
   *                   by a few seconds more, and each run is rewritten in fewer, larger batches
   * @param busyRows   see {@code busyPeriod}
   */
  public record Settings(int batch, Duration idleCutoff, Duration period, Duration busyPeriod, int busyRows) {
    public static final Settings DEFAULT = new Settings(50_000, Duration.ofHours(24));

    /** One round a second, every five seconds under load (5,000 rows a round, about 1,500 USSD hops/s). */
    public Settings(int batch, Duration idleCutoff) {
      this(batch, idleCutoff, Duration.ofSeconds(1), Duration.ofSeconds(5), 5_000);
    }
  }

  /** Told about every event the rollup reads (live counts, metrics); called on the rollup thread. */
  public interface Listener {
    Listener NONE = e -> {};

    void event(TailedEvent e);
  }

  /** An event as the rollup reads it; empty strings for absent fields. */
  public record TailedEvent(long id, Instant at, String type, String phone, String channel, String flowId,
                            String flowHash, String nodeId, String detail) {
    /** Its type; empty for a name this version does not write (counted by name, otherwise ignored). */
    public Optional<EventType> kind() {
      return EventType.find(type);
    }

    boolean is(Set<EventType> types) {
      return kind().map(types::contains).orElse(false);
    }
  }

  private final Settings settings;
  private final RollupTail tail;
  private ScheduledExecutorService thread;
  private BooleanSupplier leading = () -> true;
  // Rounds were skipped while another node rolled up: this node's cursors are behind (rollup thread, or paused()).
  private volatile boolean stale;

  public Rollup(Database database, Settings settings, Listener listener) {
    this(database, settings, listener, Set::of);
  }

  /** {@code breakdownFields}: the contact fields answers are also counted by (see {@link Breakdown#fieldsOf}). */
  public Rollup(Database database, Settings settings, Listener listener, Supplier<Set<String>> breakdownFields) {
    this(database, settings, listener, breakdownFields, CrossTabQuestions.NONE);
  }

  /**
   * {@code pairedQuestions}: per flow id, the questions whose answers are also counted in pairs per run, for the
   * question-by-question cross-tabs ({@link CrossTabQuestions#of}).
   */
  public Rollup(Database database, Settings settings, Listener listener, Supplier<Set<String>> breakdownFields,
                Function<String, Set<String>> pairedQuestions) {
    this.settings = settings;
    this.tail = new RollupTail(database, settings, listener, breakdownFields, pairedQuestions);
  }

  /**
   * Starts the rounds, run only while {@code leading} says so (of several nodes on one database, the one holding
   * the rollup singleton); a round after a pause first reloads what the other node committed.
   */
  public Rollup start(BooleanSupplier leading) {
    this.leading = leading;
    return start();
  }

  /** Starts the rounds on a daemon thread of its own. */
  public Rollup start() {
    var executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "kabambe-rollup");
      t.setDaemon(true);
      return t;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for the next round
    thread = executor;
    thread.execute(this::round);
    return this;
  }

  private void round() {
    long applied = 0;
    try {
      if (!leading.getAsBoolean()) {
        stale = true;
      } else {
        if (stale) {
          load();
          stale = false;
        }
        applied = catchUp();
      }
    } catch (RuntimeException e) {
      log.warn("measurement rollup failed; retrying from its last commit", e);
      load();
    }
    Duration pause = applied >= settings.busyRows() ? settings.busyPeriod() : settings.period();
    try {
      thread.schedule(this::round, pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // close() was called: no more rounds
    }
  }

  /** Rows written but not yet rolled up, as of the last round (a gauge for operations). */
  public long behind() {
    return tail.behind();
  }

  /** Reads everything committed so far; returns the number of events and answers applied. */
  public synchronized long catchUp() {
    return tail.catchUp();
  }

  /**
   * Counts everything committed, runs {@code work} with the rounds held off, then reloads its state from the
   * database: an erasure rewrites the runs this rollup holds in memory, which must not be written back unchanged.
   */
  public synchronized <T> T paused(Supplier<T> work) {
    if (!leading.getAsBoolean()) {
      // Another node rolls up: counting here too would count twice. This node reloads when it leads again.
      stale = true;
      return work.get();
    }
    catchUp();
    try {
      return work.get();
    } finally {
      load();
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdown();
      try {
        thread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The reading order of this database, which erasure and retention ask what the rollup has counted. */
  public TailOrder order() {
    return tail.order();
  }

  /** (Re)loads the cursors and the runs still open from the database: the state of the last commit. */
  private synchronized void load() {
    tail.load();
  }
}
