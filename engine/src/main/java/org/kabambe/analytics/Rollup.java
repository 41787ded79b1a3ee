package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the measurement tables ({@code flow_runs}, {@code funnel_daily}, {@code event_daily}, {@code answer_daily},
 * {@code participant_arms}) up to date by tailing {@code events} and {@code answers} by id on its own thread, so
 * the hop path writes nothing extra and figures read small tables.
 *
 * <p>Tailing by id is sound because one writer thread inserts and commits the hop tables in id order: the ids a
 * reader sees are always a prefix. (Several writers, e.g. a cluster on PostgreSQL, would need a commit-ordered
 * feed instead.) Each round reads both cursors' limits in one snapshot and applies every event before the answers
 * of the same snapshot, so an answer always finds the run its hop's events opened.
 */
public final class Rollup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rollup.class);
  static final Set<String> LEAVES = Set.of("session_abandoned", "session_expired");

  /**
   * How the rollup reads.
   *
   * @param chunk      rows read and committed at a time (bounds memory and transaction size)
   * @param idleCutoff an open run with no event for this long (in event time) is counted as left at its last node:
   *                   participants who simply stop answering produce no event of their own
   */
  public record Settings(int chunk, Duration idleCutoff) {
    public static final Settings DEFAULT = new Settings(5_000, Duration.ofHours(24));
  }

  /** Told about every event the rollup reads (live counts, metrics); called on the rollup thread. */
  public interface Listener {
    Listener NONE = e -> {};

    void event(TailedEvent e);
  }

  /** An event as the rollup reads it; empty strings for absent fields. */
  public record TailedEvent(long id, Instant at, String type, String phone, String channel, String flowId,
                            String nodeId, String detail) {}

  private final Database database;
  private final Settings settings;
  private final Listener listener;
  private final LiveRuns live = new LiveRuns();
  private final Map<String, String> languages = new LinkedHashMapCache(200_000);
  private long eventCursor;
  private long answerCursor;
  private Instant latest = Instant.EPOCH;
  private volatile long behind;
  private ScheduledExecutorService thread;

  public Rollup(Database database, Settings settings, Listener listener) {
    this.database = database;
    this.settings = settings;
    this.listener = listener;
    load();
  }

  /** Starts tailing every {@code period} on a daemon thread of its own. */
  public Rollup start(Duration period) {
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kabambe-rollup");
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(() -> {
      try {
        catchUp();
      } catch (RuntimeException e) {
        log.warn("measurement rollup failed; retrying from its last commit", e);
        load();
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Rows written but not yet rolled up, as of the last round (a gauge for operations). */
  public long behind() {
    return behind;
  }

  /** Reads everything committed so far; returns the number of events and answers applied. Not thread-safe. */
  public synchronized long catchUp() {
    long[] limits = limits();
    behind = (limits[0] - eventCursor) + (limits[1] - answerCursor);
    long applied = 0;
    while (eventCursor < limits[0]) applied += eventChunk(limits[0]);
    evictIdle();
    while (answerCursor < limits[1]) applied += answerChunk(limits[1]);
    recentlyClosed.clear();
    behind = 0;
    return applied;
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

  /** The newest event and answer ids, read in one snapshot. */
  private long[] limits() {
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (var s = c.createStatement()) {
        long events = single(s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM events"));
        long answers = single(s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM answers"));
        c.commit();
        return new long[] {events, answers};
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private long eventChunk(long limit) {
    var deltas = new RollupDeltas();
    var newRuns = new ArrayList<Run>();
    long last = eventCursor;
    int n = 0;
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      try (var s = c.prepareStatement("SELECT id, at, type, phone, channel, flow_id, node_id, detail FROM events"
          + " WHERE id > ? AND id <= ? ORDER BY id FETCH FIRST " + settings.chunk() + " ROWS ONLY")) {
        s.setLong(1, eventCursor);
        s.setLong(2, limit);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            var e = new TailedEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), text(rs, 6), text(rs, 7), text(rs, 8));
            apply(e, deltas, newRuns);
            listener.event(e);
            last = e.id();
            n++;
          }
        }
      }
      if (n == 0) last = limit; // only gaps (rolled-back ids) left below the limit
      resolveArms(c, newRuns);
      deltas.write(c, database.dialect());
      saveCursor(c, "events", last);
      c.commit();
      eventCursor = last;
      return n;
    } catch (SQLException | RuntimeException e) {
      load(); // memory may be ahead of the database now: start again from what was committed
      throw e instanceof StoreException se ? se : failure(e);
    }
  }

  private long answerChunk(long limit) {
    var deltas = new RollupDeltas();
    long last = answerCursor;
    int n = 0;
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      var rows = new ArrayList<Object[]>();
      try (var s = c.prepareStatement("SELECT id, at, phone, channel, flow_id, node_id, name, value_text FROM answers"
          + " WHERE id > ? AND id <= ? ORDER BY id FETCH FIRST " + settings.chunk() + " ROWS ONLY")) {
        s.setLong(1, answerCursor);
        s.setLong(2, limit);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)});
          }
        }
      }
      resolveLanguages(c, rows.stream().map(r -> (String) r[2]).toList());
      for (Object[] r : rows) {
        Instant at = (Instant) r[1];
        String phone = (String) r[2];
        String channel = (String) r[3];
        String flowId = (String) r[4];
        Run run = runOf(new Run.RunKey(flowId, phone, channel), at);
        String arm = "";
        if (run != null) {
          run.answers++;
          arm = run.arm;
          deltas.dirty(run);
        }
        String value = (String) r[7];
        deltas.answer(new RollupDeltas.AnswerKey(flowId, Run.day(at), channel, languages.getOrDefault(phone, ""), arm,
            (String) r[5], (String) r[6], value.length() <= 100 ? value : value.substring(0, 100)));
        last = (Long) r[0];
        n++;
      }
      if (n == 0) last = limit;
      deltas.write(c, database.dialect());
      saveCursor(c, "answers", last);
      c.commit();
      answerCursor = last;
      return n;
    } catch (SQLException | RuntimeException e) {
      load();
      throw e instanceof StoreException se ? se : failure(e);
    }
  }

  // ---- applying events ----------------------------------------------------------------------------------------

  /** Runs closed since the answers were last read: the answers of their last hop are still to come. */
  private final Map<Run.RunKey, List<Run>> recentlyClosed = new HashMap<>();

  private void apply(TailedEvent e, RollupDeltas deltas, List<Run> newRuns) {
    if (e.at().isAfter(latest)) latest = e.at();
    deltas.event(e.flowId(), Run.day(e.at()), e.channel(), e.type());
    var key = new Run.RunKey(e.flowId(), e.phone(), e.channel());
    switch (e.type()) {
      case "flow_started" -> {
        Run previous = live.remove(key);
        if (previous != null) close(previous, Run.Status.LEFT, e.at(), deltas); // started again: the old run left
        Run run = Run.start(e.flowId(), e.phone(), e.channel(), e.at());
        live.put(key, run);
        newRuns.add(run);
        deltas.dirty(run);
      }
      case "node_shown" -> {
        Run run = live.get(key);
        if (run == null) return;
        if (run.status == Run.Status.DROPPED) resume(run, deltas);
        if (run.nodes.add(e.nodeId())) deltas.reached(run, e.nodeId());
        run.lastNode = e.nodeId();
        run.lastAt = e.at();
        deltas.dirty(run);
      }
      case "flow_completed" -> {
        Run run = live.remove(key);
        if (run != null) {
          // The end node's own node_shown follows flow_completed (the screen is shown after completing), when the
          // run is already closed: count the end node as reached here, or every funnel ends at zero.
          if (!e.nodeId().isEmpty() && run.nodes.add(e.nodeId())) deltas.reached(run, e.nodeId());
          if (!e.nodeId().isEmpty()) run.lastNode = e.nodeId();
          close(run, Run.Status.COMPLETED, e.at(), deltas);
        }
      }
      case "session_dropped" -> {
        for (Run run : liveRunsOf(e.phone(), e.channel())) {
          if (run.status != Run.Status.OPEN) continue;
          run.status = Run.Status.DROPPED; // counted as left now; un-counted if the participant resumes
          run.lastAt = e.at();
          deltas.left(run, 1);
          deltas.dirty(run);
        }
      }
      case "session_resumed" -> {
        for (Run run : liveRunsOf(e.phone(), e.channel())) {
          if (run.status == Run.Status.DROPPED) resume(run, deltas);
          run.lastAt = e.at();
        }
      }
      case "arm_assigned" -> {
        String arm = e.nodeId() + "/" + e.detail();
        deltas.arms.add(new RollupDeltas.Arm(e.flowId(), e.phone(), e.nodeId(), arm));
        Run run = live.get(key);
        if (run != null && run.arm.isEmpty()) {
          run.arm = arm;
          deltas.dirty(run);
        }
      }
      case "language_changed" -> languages.put(e.phone(), e.detail());
      default -> {
        if (LEAVES.contains(e.type())) {
          for (Run run : liveRunsOf(e.phone(), e.channel())) {
            live.remove(run.key());
            close(run, Run.Status.LEFT, e.at(), deltas);
          }
        }
      }
    }
  }

  private void resume(Run run, RollupDeltas deltas) {
    run.status = Run.Status.OPEN;
    deltas.left(run, -1);
    deltas.dirty(run);
  }

  private void close(Run run, Run.Status how, Instant at, RollupDeltas deltas) {
    if (how == Run.Status.LEFT && run.status == Run.Status.OPEN) deltas.left(run, 1); // a dropped run counted already
    run.status = how;
    run.endedAt = at;
    run.lastAt = at;
    deltas.dirty(run);
    recentlyClosed.computeIfAbsent(run.key(), k -> new ArrayList<>()).add(run);
  }

  private List<Run> liveRunsOf(String phone, String channel) {
    return live.of(phone, channel);
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
  private void evictIdle() {
    Instant cutoff = latest.minus(settings.idleCutoff());
    var deltas = new RollupDeltas();
    for (Run run : live.idleSince(cutoff)) {
      live.remove(run.key());
      close(run, Run.Status.LEFT, run.lastAt, deltas);
    }
    if (deltas.isEmpty()) return;
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      deltas.write(c, database.dialect());
      c.commit();
    } catch (SQLException e) {
      load();
      throw failure(e);
    }
  }

  /** A run that starts without an arm_assigned event keeps the arm its participant was given in an earlier run. */
  private void resolveArms(Connection c, List<Run> runs) throws SQLException {
    var missing = runs.stream().filter(r -> r.arm.isEmpty()).toList();
    if (missing.isEmpty()) return;
    var phones = new HashSet<String>();
    missing.forEach(r -> phones.add(r.phone));
    Map<String, String> armByFlowPhone = new HashMap<>();
    for (List<String> part : partition(new ArrayList<>(phones), 500)) {
      String sql = "SELECT flow_id, phone, arm FROM participant_arms WHERE phone IN ("
          + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ") ORDER BY node_id";
      try (var s = c.prepareStatement(sql)) {
        for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
        try (var rs = s.executeQuery()) {
          while (rs.next()) armByFlowPhone.putIfAbsent(rs.getString(1) + "\n" + rs.getString(2), rs.getString(3));
        }
      }
    }
    for (Run r : missing) {
      String arm = armByFlowPhone.get(r.flowId + "\n" + r.phone);
      if (arm != null && r.arm.isEmpty()) r.arm = arm;
    }
  }

  /** Languages of numbers not seen changing language since start-up, from the contacts table. */
  private void resolveLanguages(Connection c, List<String> phones) throws SQLException {
    var missing = new ArrayList<>(new LinkedHashSet<>(phones.stream().filter(p -> !languages.containsKey(p)).toList()));
    for (List<String> part : partition(missing, 500)) {
      String sql = "SELECT phone, language FROM contacts WHERE phone IN ("
          + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")";
      try (var s = c.prepareStatement(sql)) {
        for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
        try (var rs = s.executeQuery()) {
          while (rs.next()) languages.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
        }
      }
      for (String p : part) languages.putIfAbsent(p, "");
    }
  }

  // ---- state ---------------------------------------------------------------------------------------------------

  /** (Re)loads the cursors and the runs still open from the database: the state of the last commit. */
  private synchronized void load() {
    live.clear();
    recentlyClosed.clear();
    try (var c = database.connection(); var s = c.createStatement()) {
      eventCursor = 0;
      answerCursor = 0;
      try (var rs = s.executeQuery("SELECT name, last_id FROM analytics_cursor")) {
        while (rs.next()) {
          if (rs.getString(1).equals("events")) eventCursor = rs.getLong(2);
          if (rs.getString(1).equals("answers")) answerCursor = rs.getLong(2);
        }
      }
      try (var rs = s.executeQuery("SELECT flow_id, phone, channel, started_at, status, last_node, arm, answers, nodes"
          + " FROM flow_runs WHERE status IN ('open', 'dropped')")) {
        while (rs.next()) {
          var nodes = new LinkedHashSet<String>();
          if (!rs.getString(9).isEmpty()) nodes.addAll(Arrays.asList(rs.getString(9).split(",")));
          Instant started = rs.getObject(4, OffsetDateTime.class).toInstant();
          var run = new Run(rs.getString(1), rs.getString(2), rs.getString(3), started,
              Run.Status.valueOf(rs.getString(5).toUpperCase()), rs.getString(6), null, rs.getString(7), rs.getInt(8),
              nodes);
          live.put(run.key(), run);
          if (started.isAfter(latest)) latest = started;
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void saveCursor(Connection c, String name, long id) throws SQLException {
    try (var s = c.prepareStatement(database.dialect().upsert("analytics_cursor", List.of("name"),
        List.of("last_id")))) {
      s.setString(1, name);
      s.setLong(2, id);
      s.executeUpdate();
    }
  }

  private static long single(ResultSet rs) throws SQLException {
    try (rs) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(ResultSet rs, int column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? "" : s;
  }

  private static <T> List<List<T>> partition(List<T> list, int size) {
    var out = new ArrayList<List<T>>();
    for (int i = 0; i < list.size(); i += size) out.add(list.subList(i, Math.min(list.size(), i + size)));
    return out;
  }

  private StoreException failure(Exception e) {
    return new StoreException("measurement rollup on " + database.location() + " failed: " + e.getMessage(), e);
  }

  /** A size-bounded map that forgets the oldest entries (language lookups are re-read from contacts). */
  private static final class LinkedHashMapCache extends java.util.LinkedHashMap<String, String> {
    private final int max;

    LinkedHashMapCache(int max) {
      this.max = max;
      }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > max;
    }
  }
}
