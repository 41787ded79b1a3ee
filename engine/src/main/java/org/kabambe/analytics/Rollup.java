package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.kabambe.events.EventType;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the measurement tables ({@code flow_runs}, {@code run_daily}, {@code duration_daily}, {@code funnel_daily},
 * {@code event_daily}, {@code answer_daily}, {@code answer_field_daily}, {@code participant_arms}) up to date by
 * tailing {@code events} and {@code answers} by id on its own thread, so the hop path writes nothing extra and
 * figures read small per-day tables.
 *
 * <p>The reading order and its cursors come from the database's {@link TailOrder}: by id on H2 (one writer commits
 * in id order), by writing transaction on PostgreSQL (several writers commit ids out of order). Each round fixes
 * its limit in one snapshot and applies every event within it before the answers within it, so an answer always
 * finds the run its hop's events opened (a hop writes both in one transaction). A batch (up to
 * {@link Settings#batch} rows, events then answers) is summed in memory and written in one transaction with both
 * cursors: one statement per changed table row, and each run rewritten once however many of its hops it holds.
 */
public final class Rollup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rollup.class);
  /** Events that open, settle or close runs: their numbers' run history is read before the batch is applied. */
  private static final Set<EventType> RUN_CHANGES = EnumSet.of(EventType.FLOW_STARTED, EventType.FLOW_COMPLETED,
      EventType.SESSION_DROPPED, EventType.ARM_ASSIGNED, EventType.SESSION_ABANDONED, EventType.SESSION_EXPIRED);
  /** Events that answer a broadcast or campaign message (see {@link SentMessages}). */
  private static final Set<EventType> REPLIES = EnumSet.of(EventType.SMS_RECEIVED, EventType.OPTED_OUT);

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

  private record TailedAnswer(long id, Instant at, String phone, String channel, String flowId, String nodeId,
                              String name, String value) {}

  private final Database database;
  private final Settings settings;
  private final Listener listener;
  private final LiveRuns live = new LiveRuns();
  private final RunHistory history;
  private final ContactValues contacts;
  private final SentMessages sent = new SentMessages();
  /** Runs closed since the answers were last read: the answers of their last hop are still to come. */
  private final Map<Run.RunKey, List<Run>> recentlyClosed = new HashMap<>();
  private final TailOrder order;
  private TailPosition eventCursor = TailPosition.START;
  private TailPosition answerCursor = TailPosition.START;
  private Instant latest = Instant.EPOCH;
  private volatile long behind;
  private ScheduledExecutorService thread;
  private java.util.function.BooleanSupplier leading = () -> true;
  // Rounds were skipped while another node rolled up: this node's cursors are behind (rollup thread, or paused()).
  private volatile boolean stale;

  public Rollup(Database database, Settings settings, Listener listener) {
    this(database, settings, listener, Set::of);
  }

  /** {@code breakdownFields}: the contact fields answers are also counted by (see {@link Breakdown#fieldsOf}). */
  public Rollup(Database database, Settings settings, Listener listener, Supplier<Set<String>> breakdownFields) {
    this.database = database;
    this.settings = settings;
    this.listener = listener;
    this.order = TailOrder.of(database.dialect());
    this.history = new RunHistory(Math.max(100_000, 2 * settings.batch()));
    this.contacts = new ContactValues(Math.max(100_000, 2 * settings.batch()), breakdownFields);
    load();
  }

  /**
   * Starts the rounds, run only while {@code leading} says so (of several nodes on one database, the one holding
   * the rollup singleton); a round after a pause first reloads what the other node committed.
   */
  public Rollup start(java.util.function.BooleanSupplier leading) {
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
    return behind;
  }

  /** Reads everything committed so far; returns the number of events and answers applied. */
  public synchronized long catchUp() {
    var round = new Round(limit());
    behind = order.behind(round.limit, eventCursor, answerCursor);
    long applied = 0;
    while (!round.answersRead) applied += batch(round);
    recentlyClosed.clear();
    behind = 0;
    return applied;
  }

  /**
   * Counts everything committed, runs {@code work} with the rounds held off, then reloads its state from the
   * database: an erasure rewrites the runs this rollup holds in memory, which must not be written back unchanged.
   */
  public synchronized <T> T paused(java.util.function.Supplier<T> work) {
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

  // ---- reading ------------------------------------------------------------------------------------------------

  /** The reading order of this database, which erasure and retention ask what the rollup has counted. */
  public TailOrder order() {
    return order;
  }

  /** How far a round has got: its limit, and whether it has read all events and all answers within it. */
  private static final class Round {
    final TailOrder.Limit limit;
    boolean eventsRead;
    boolean answersRead;

    Round(TailOrder.Limit limit) {
      this.limit = limit;
    }
  }

  /** The limit of a round, read in one snapshot. */
  private TailOrder.Limit limit() {
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      var limit = order.limit(c);
      c.commit();
      return limit;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** One transaction: events up to the batch size, then (once the events are all in) answers to fill it. */
  private long batch(Round round) {
    var deltas = new RollupDeltas();
    TailPosition events = eventCursor;
    TailPosition answers = answerCursor;
    boolean eventsRead = round.eventsRead;
    boolean answersRead = round.answersRead;
    int n = 0;
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      if (!eventsRead) {
        List<Tailed<TailedEvent>> rows = readEvents(c, events, round.limit, settings.batch());
        history.prefetch(c, rows.stream().map(Tailed::row).filter(e -> e.is(RUN_CHANGES)).map(TailedEvent::phone)
            .toList());
        sent.load(c, rows.stream().map(Tailed::row).filter(e -> e.is(REPLIES) && !SimulatedNumbers.matches(e.phone()))
            .map(TailedEvent::phone).toList());
        for (var e : rows) {
          apply(c, e.row(), deltas);
          listener.event(e.row());
        }
        if (!rows.isEmpty()) events = rows.get(rows.size() - 1).at();
        n += rows.size();
        eventsRead = rows.size() < settings.batch();
        if (eventsRead) {
          events = order.end("events", events, round.limit);
          evictIdle(c, deltas);
        }
      }
      if (eventsRead && n < settings.batch()) {
        int max = settings.batch() - n;
        List<Tailed<TailedAnswer>> rows = readAnswers(c, answers, round.limit, max);
        contacts.prefetch(c, rows.stream().map(a -> a.row().phone()).toList());
        for (var a : rows) apply(a.row(), deltas);
        if (!rows.isEmpty()) answers = rows.get(rows.size() - 1).at();
        n += rows.size();
        answersRead = rows.size() < max;
        if (answersRead) answers = order.end("answers", answers, round.limit);
      }
      deltas.write(c, database.dialect());
      if (!events.equals(eventCursor)) order.advance(c, "events", eventCursor, events);
      if (!answers.equals(answerCursor)) order.advance(c, "answers", answerCursor, answers);
      c.commit();
      eventCursor = events;
      answerCursor = answers;
      round.eventsRead = eventsRead;
      round.answersRead = answersRead;
      return n;
    } catch (SQLException | RuntimeException e) {
      load(); // memory may be ahead of the database now: start again from what was committed
      throw e instanceof StoreException se ? se : failure(e);
    }
  }

  /** A row read with its position in the reading order. */
  private record Tailed<T>(TailPosition at, T row) {}

  private List<Tailed<TailedEvent>> readEvents(Connection c, TailPosition after, TailOrder.Limit limit, int max)
      throws SQLException {
    return read(c, "events", "at, type, phone, channel, flow_id, flow_hash, node_id, detail", after, limit, max,
        (rs, id) -> new TailedEvent(id, rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
            rs.getString(5), rs.getString(6), text(rs, 7), text(rs, 8), text(rs, 9), text(rs, 10)));
  }

  private List<Tailed<TailedAnswer>> readAnswers(Connection c, TailPosition after, TailOrder.Limit limit, int max)
      throws SQLException {
    return read(c, "answers", "at, phone, channel, flow_id, node_id, name, value_text", after, limit, max,
        (rs, id) -> new TailedAnswer(id, rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
  }

  /** Reads a row's own columns, which follow its position (tx, id) in the result. */
  private interface RowReader<T> {
    T read(ResultSet rs, long id) throws SQLException;
  }

  /** Up to {@code max} rows of {@code table} after {@code after} and within {@code limit}, in reading order. */
  private <T> List<Tailed<T>> read(Connection c, String table, String columns, TailPosition after,
                                   TailOrder.Limit limit, int max, RowReader<T> row) throws SQLException {
    var rows = new ArrayList<Tailed<T>>(Math.min(max, 10_000));
    try (var s = c.prepareStatement(order.read(table, columns, max))) {
      order.bind(s, table, after, limit);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          TailPosition at = order.positionOf(rs);
          rows.add(new Tailed<>(at, row.read(rs, at.id())));
        }
      }
    }
    return rows;
  }

  // ---- applying ------------------------------------------------------------------------------------------------

  private void apply(Connection c, TailedEvent e, RollupDeltas deltas) throws SQLException {
    if (e.at().isAfter(latest)) latest = e.at();
    String channel = SimulatedNumbers.channel(e.phone(), e.channel());
    deltas.event(e.flowId(), Run.day(e.at()), channel, e.type());
    var key = new Run.RunKey(e.flowId(), e.phone(), channel);
    EventType type = e.kind().orElse(null);
    if (type == null) return;
    switch (type) {
      case FLOW_STARTED -> {
        Run previous = live.remove(key);
        if (previous != null) close(c, previous, Run.Status.LEFT, e.at(), deltas); // started again: the old run left
        Run run = Run.start(e.flowId(), e.flowHash(), e.phone(), channel, e.at());
        String kept = history.started(c, run);
        if (!kept.isEmpty()) history.assign(c, run, kept);
        live.put(key, run);
        deltas.dirty(run);
      }
      case NODE_SHOWN -> {
        Run run = live.get(key);
        if (run == null) return;
        if (run.status == Run.Status.DROPPED) resume(run, deltas);
        if (run.reach(e.nodeId())) deltas.reached(run, e.nodeId());
        run.lastNode = e.nodeId();
        run.lastAt = e.at();
        deltas.dirty(run);
      }
      case FLOW_COMPLETED -> {
        Run run = live.remove(key);
        if (run != null) {
          // The end node's own node_shown follows flow_completed (the screen is shown after completing), when the
          // run is already closed: count the end node as reached here, or every funnel ends at zero.
          if (!e.nodeId().isEmpty() && run.reach(e.nodeId())) deltas.reached(run, e.nodeId());
          if (!e.nodeId().isEmpty()) run.lastNode = e.nodeId();
          close(c, run, Run.Status.COMPLETED, e.at(), deltas);
        }
      }
      case SESSION_DROPPED -> {
        for (Run run : live.of(e.phone(), channel)) {
          if (run.status != Run.Status.OPEN) continue;
          run.status = Run.Status.DROPPED; // counted as left now; un-counted if the participant resumes
          run.lastAt = e.at();
          deltas.left(run, 1);
          if (run.arm.isEmpty()) history.settled(c, run);
          deltas.dirty(run);
        }
      }
      case SESSION_RESUMED -> {
        for (Run run : live.of(e.phone(), channel)) {
          if (run.status == Run.Status.DROPPED) resume(run, deltas);
          run.lastAt = e.at();
        }
      }
      case ARM_ASSIGNED -> {
        String arm = e.nodeId() + "/" + e.detail();
        deltas.assigned(new RollupDeltas.Arm(e.flowId(), e.phone(), e.nodeId(), arm));
        history.assigned(c, e.phone(), e.flowId(), arm);
        Run run = live.get(key);
        if (run != null && run.arm.isEmpty()) {
          history.assign(c, run, arm);
          deltas.dirty(run);
        }
      }
      case SMS_RECEIVED, OPTED_OUT -> sent.repliedTo(e.phone(), e.at())
          .ifPresent(source -> deltas.reply(source, e.phone(), e.at(), type == EventType.OPTED_OUT));
      case LANGUAGE_CHANGED -> contacts.languageChanged(e.phone(), e.detail());
      case CONTACT_UPDATED -> contacts.fieldChanged(e.phone(), e.detail());
      case SESSION_ABANDONED, SESSION_EXPIRED -> { // the conversation left: so did every run it had open
        for (Run run : live.of(e.phone(), channel)) {
          live.remove(run.key());
          close(c, run, Run.Status.LEFT, e.at(), deltas);
        }
      }
      default -> { }
    }
  }

  /**
   * Counts an answer under the run it belongs to; a later answer to the same question in the same run (the
   * participant went Back and answered again) replaces it, so a run counts its final answer per question only.
   */
  private void apply(TailedAnswer a, RollupDeltas deltas) {
    String channel = SimulatedNumbers.channel(a.phone(), a.channel());
    Run run = runOf(new Run.RunKey(a.flowId(), a.phone(), channel), a.at());
    ContactValues.Values contact = contacts.of(a.phone());
    var counted = new CountedAnswer(a.nodeId(), a.name(), Run.day(a.at()), contact.language(),
        run == null ? "" : run.arm, CountedAnswer.clip(a.value()), contact.fields());
    if (run != null) {
      CountedAnswer replaced = run.answer(counted);
      if (replaced != null) {
        deltas.answer(a.flowId(), channel, replaced, -1);
      } else {
        run.answers++;
      }
      deltas.dirty(run);
    }
    deltas.answer(a.flowId(), channel, counted, 1);
  }

  private void resume(Run run, RollupDeltas deltas) {
    run.status = Run.Status.OPEN;
    deltas.left(run, -1);
    deltas.dirty(run);
  }

  private void close(Connection c, Run run, Run.Status how, Instant at, RollupDeltas deltas) throws SQLException {
    if (how == Run.Status.LEFT && run.status == Run.Status.OPEN) deltas.left(run, 1); // a dropped run counted already
    run.status = how;
    run.endedAt = at;
    run.lastAt = at;
    if (run.arm.isEmpty()) history.settled(c, run);
    deltas.dirty(run);
    recentlyClosed.computeIfAbsent(run.key(), k -> new ArrayList<>()).add(run);
  }

  /** The run an answer at {@code at} belongs to: the latest one of its key that started at or before it. */
  private Run runOf(Run.RunKey key, Instant at) {
    Run best = live.get(key);
    if (best != null && best.startedAt.isAfter(at)) best = null;
    for (Run r : recentlyClosed.getOrDefault(key, List.of())) {
      if (!r.startedAt.isAfter(at) && (best == null || r.startedAt.isAfter(best.startedAt))) best = r;
    }
    return best;
  }

  /** Open runs without an event for the idle cutoff left silently (the network timed out): count them as left. */
  private void evictIdle(Connection c, RollupDeltas deltas) throws SQLException {
    List<Run> idle = live.idleSince(latest.minus(settings.idleCutoff()));
    history.prefetch(c, idle.stream().map(r -> r.phone).toList());
    for (Run run : idle) {
      live.remove(run.key());
      close(c, run, Run.Status.LEFT, run.lastAt, deltas);
    }
  }

  // ---- state ---------------------------------------------------------------------------------------------------

  /** (Re)loads the cursors and the runs still open from the database: the state of the last commit. */
  private synchronized void load() {
    live.clear();
    recentlyClosed.clear();
    history.clear();
    contacts.clear();
    try (var c = database.connection(); var s = c.createStatement()) {
      eventCursor = order.load(c, "events");
      answerCursor = order.load(c, "answers");
      try (var rs = s.executeQuery("SELECT flow_id, phone, channel, started_at, status, last_node, arm, answers, nodes,"
          + " firsts, answered, flow_hash FROM flow_runs WHERE status IN ('open', 'dropped')")) {
        while (rs.next()) {
          String[] nodes = rs.getString(9).isEmpty() ? new String[0] : rs.getString(9).split(",");
          Instant started = rs.getObject(4, OffsetDateTime.class).toInstant();
          var run = new Run(rs.getString(1), rs.getString(12), rs.getString(2), rs.getString(3), started,
              Run.Status.valueOf(rs.getString(5).toUpperCase()), rs.getString(6), null, rs.getString(7), rs.getInt(8),
              nodes, rs.getInt(10), CountedAnswer.decode(rs.getString(11)));
          run.counted = run.tally();
          live.put(run.key(), run);
          if (started.isAfter(latest)) latest = started;
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static String text(ResultSet rs, int column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? "" : s;
  }

  private StoreException failure(Exception e) {
    return new StoreException("measurement rollup on " + database.location() + " failed: " + e.getMessage(), e);
  }
}
