package org.kabambe.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.kabambe.store.Database;
import org.kabambe.store.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs that run on one node of a cluster at a time (the campaign scheduler, each SMS provider's sender, ...), each
 * a PostgreSQL session advisory lock ({@link SingletonKey}) held on one dedicated connection of this node, outside
 * the pool. Every {@code period} a thread of its own checks that connection ({@code SELECT 1}) and tries the locks
 * it does not hold; when the check fails the node drops every singleton at once (the server may already have
 * ended the session and handed the locks to another node) and becomes a candidate again. When a node dies its
 * session ends and another node takes over within one period (plus the time PostgreSQL takes to notice a vanished
 * client: at once for a killed process, TCP keepalive for a pulled cable).
 *
 * <p>Advisory locks belong to a session: behind PgBouncer in transaction pooling mode the session changes under
 * the connection and the locks mean nothing. Point {@code --db} at PostgreSQL itself, or at a pooler in session
 * mode. On H2 the database is one process's (its file lock), so every singleton is simply held.
 *
 * <p>{@link Listener}s run in order on one thread of their own ({@code kabambe-singleton-jobs}), never on an event
 * loop nor the election thread; a job that must stop the moment the lock is lost also checks {@link #holds}.
 */
public final class Singletons implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Singletons.class);
  /** How often non-holders try again and holders check their connection. */
  public static final Duration PERIOD = Duration.ofSeconds(2);

  /** Told when this node gains or loses a singleton; runs on the singleton-jobs thread. */
  public interface Listener {
    Listener NONE = onGain(() -> { });

    /** Runs {@code gained} on taking the singleton; nothing on losing it (a job that checks holds() each round). */
    static Listener onGain(Runnable gained) {
      return new Listener() {
        @Override
        public void gained() {
          gained.run();
        }

        @Override
        public void lost() {
          // the job asks holds() before each round
        }
      };
    }

    void gained();

    void lost();
  }

  private static final class Entry {
    final String name;
    final long key;
    final Listener listener;
    volatile boolean held;

    Entry(String name, Listener listener) {
      this.name = name;
      this.key = SingletonKey.of(name);
      this.listener = listener;
    }
  }

  private final Database database;
  private final String node;
  private final Duration period;
  private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();
  private final ExecutorService callbacks;
  private final ScheduledExecutorService election; // null on H2: nothing to elect
  private Connection connection; // the election thread's (or a register call's, under this monitor)
  private boolean reportedDown;
  private final AtomicLong rounds = new AtomicLong();
  private volatile boolean closed;

  private Singletons(Database database, String node, Duration period) {
    this.database = database;
    this.node = node;
    this.period = period;
    this.callbacks = Executors.newSingleThreadExecutor(daemon("kabambe-singleton-jobs"));
    this.election = database.dialect() == Dialect.POSTGRESQL
        ? Executors.newSingleThreadScheduledExecutor(daemon("kabambe-singletons")) : null;
  }

  /** Starts electing on {@code database} as node {@code node}, every {@link #PERIOD}. */
  public static Singletons start(Database database, String node) {
    return start(database, node, PERIOD);
  }

  /** As {@link #start(Database, String)}, checking every {@code period} (tests use a short one). */
  public static Singletons start(Database database, String node, Duration period) {
    var singletons = new Singletons(database, node, period);
    if (singletons.election != null) {
      singletons.election.scheduleWithFixedDelay(singletons::round, period.toMillis(), period.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return singletons;
  }

  /**
   * Adds singleton {@code name} and tries it at once (blocking JDBC on PostgreSQL: call it off the event loop), so a
   * lone node holds its jobs as soon as it starts; otherwise it is tried every period. On H2 it is held at once.
   */
  public synchronized void register(String name, Listener listener) {
    var entry = new Entry(name, listener);
    if (entries.putIfAbsent(name, entry) != null) {
      throw new IllegalArgumentException("singleton " + name + " is registered twice");
    }
    if (closed) return;
    if (election == null) {
      gained(entry);
    } else {
      round();
    }
  }

  /** Whether this node holds {@code name} now. */
  public boolean holds(String name) {
    Entry e = entries.get(name);
    return e != null && e.held;
  }

  /** The singletons this node holds, by name. */
  public List<String> held() {
    return entries.values().stream().filter(e -> e.held).map(e -> e.name).toList();
  }

  /** Every registered singleton, by name. */
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** Election rounds this node completed with its lock connection up (tests wait for rounds, not for time). */
  public long rounds() {
    return rounds.get();
  }

  /** This node's name (logs, {@code claimed_by}, the lock connection's application_name). */
  public String node() {
    return node;
  }

  /** One election round: check the connection if anything is held, then try what is not. */
  private synchronized void round() {
    if (closed) return;
    try {
      if (connection == null) connect();
      if (entries.values().stream().anyMatch(e -> e.held)) check();
      for (Entry e : entries.values()) {
        if (!e.held && tryLock(e.key)) gained(e);
      }
      reportedDown = false;
      rounds.incrementAndGet();
    } catch (SQLException | RuntimeException e) {
      if (!reportedDown) {
        log.warn("singletons: node {} lost its lock connection ({}); its singletons stop, retrying every {}", node,
            e.getMessage(), period);
        reportedDown = true;
      }
      dropAll();
    }
  }

  private void connect() throws SQLException {
    connection = database.dedicatedConnection();
    // A stalled server must not hold the check longer than a period or two: the node stops its jobs instead.
    connection.setNetworkTimeout(Runnable::run, (int) Math.max(1_000, 2 * period.toMillis()));
    try (var s = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
      String name = "kabambe singletons " + node;
      s.setString(1, name.length() > 63 ? name.substring(0, 63) : name);
      s.execute();
    }
  }

  private void check() throws SQLException {
    try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT 1")) {
      rs.next();
    }
  }

  private boolean tryLock(long key) throws SQLException {
    try (var s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, key);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The session is gone or unusable: whatever it held may be another node's now. */
  private void dropAll() {
    for (Entry e : entries.values()) {
      if (e.held) lost(e);
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the session is being given up anyway
      }
      connection = null;
    }
  }

  private void gained(Entry e) {
    e.held = true;
    log.info("singletons: node {} now runs {}", node, e.name);
    callbacks.execute(() -> run(e, true));
  }

  private void lost(Entry e) {
    e.held = false; // holds() says so before the listener has stopped anything
    log.warn("singletons: node {} no longer runs {}", node, e.name);
    callbacks.execute(() -> run(e, false));
  }

  private void run(Entry e, boolean gained) {
    try {
      if (gained) e.listener.gained();
      else e.listener.lost();
    } catch (RuntimeException ex) {
      log.error("singletons: {} {} failed", e.name, gained ? "starting" : "stopping", ex);
    }
  }

  /** Stops electing, stops every job this node holds (waits for them), then ends the session: others take over. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    if (election != null) {
      election.shutdown();
      await(election);
    }
    synchronized (this) {
      for (Entry e : entries.values()) {
        if (e.held) lost(e);
      }
    }
    callbacks.shutdown();
    await(callbacks);
    synchronized (this) {
      dropAll(); // closing the session releases the locks
    }
  }

  private static void await(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
        log.warn("singletons: a job took over 15 s to stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
