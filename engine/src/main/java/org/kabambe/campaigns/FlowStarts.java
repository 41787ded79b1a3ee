package org.kabambe.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.Flow;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS flows that campaigns and broadcasts owe people, exactly once or recorded. The owner commits a pending
 * {@code flow_starts} row ({@link #record}) in the same transaction as its step marker or batch cursor; this
 * dispatcher hands pending rows to the {@link Starter}, whose hop settles the row in the hop's own transaction
 * (the flow's first SMS and the conversation's state with it, guarded by {@code status = 'pending'}). A crash
 * anywhere leaves the row pending or settled, never both: pending rows are dispatched again after a restart.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} starts are in flight (a flow broadcast to a million people does not flood the
 * writer); a finished start wakes the next drain. A row whose start failed (writer overloaded, database down) is
 * retried by the next {@link #retry}, which the server runs every few seconds. A row whose flow is no longer
 * loaded is skipped with that reason.
 */
public final class FlowStarts {
  private static final Logger log = LoggerFactory.getLogger(FlowStarts.class);
  static final int MAX_IN_FLIGHT = 256;
  private static final String INSERT = "INSERT INTO flow_starts (phone, flow_id, origin, status, created_at) "
      + "VALUES (?, ?, ?, 'pending', ?)";
  private static final String PENDING = "SELECT id, phone, flow_id, origin FROM flow_starts WHERE status = 'pending' "
      + "AND id > ? ORDER BY status, id FETCH FIRST ? ROWS ONLY";
  private static final String SKIP = "UPDATE flow_starts SET status = 'skipped', done_at = ?, detail = ? "
      + "WHERE id = ? AND status = 'pending'";

  /** Makes one recorded start: a hop that settles row {@code id} (see SmsService#startFlow). */
  @FunctionalInterface
  public interface Starter {
    CompletionStage<Void> start(long id, String phone, Flow flow, String origin);
  }

  private final Database database;
  private final Supplier<Catalog> catalog;
  private final Clock clock;
  private final Starter starter;
  private final Executor drains;
  private final BooleanSupplier dispatching;
  // Ids handed out and not yet known settled. A finished start's id leaves only at the next drain, before its
  // read: the row is committed by then, so a read that began before the commit cannot hand it out twice.
  private final Set<Long> handedOut = ConcurrentHashMap.newKeySet();
  private final Queue<Long> finished = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  /** Set by {@link #retry}, read by the next drain: retry() runs on an event loop and must not take the monitor. */
  private final AtomicBoolean rewind = new AtomicBoolean();
  private long after; // the highest id handed out: later drains read past it, until the next retry (drain only)

  /** {@code drains} runs {@link #drain} off the caller's thread (blocking JDBC: a worker pool). */
  public FlowStarts(Database database, Supplier<Catalog> catalog, Clock clock, Starter starter, Executor drains) {
    this(database, catalog, clock, starter, drains, () -> true);
  }

  /**
   * As above, dispatching only while {@code dispatching} says so: of several nodes on one database, the one that
   * holds the flow-start singleton; on the others a wake does nothing and that node's next retry picks the rows up.
   */
  public FlowStarts(Database database, Supplier<Catalog> catalog, Clock clock, Starter starter, Executor drains,
                    BooleanSupplier dispatching) {
    this.dispatching = dispatching;
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
    this.starter = starter;
    this.drains = drains;
  }

  /** A statement that {@link #record} adds pending starts to, in the caller's transaction. */
  public static PreparedStatement prepare(Connection c) throws SQLException {
    return c.prepareStatement(INSERT);
  }

  /** Adds a pending start to {@code insert}'s batch; the caller executes it and commits with its own rows. */
  public static void record(PreparedStatement insert, String phone, String flowId, String origin, Instant now)
      throws SQLException {
    insert.setString(1, phone);
    insert.setString(2, flowId);
    insert.setString(3, origin);
    insert.setObject(4, SqlTimes.of(now));
    insert.addBatch();
  }

  /** Marks the pending starts of {@code origin} skipped (a cancelled broadcast), in the caller's transaction. */
  public static int skipAll(Connection c, String origin, String why, Instant now) throws SQLException {
    try (var s = c.prepareStatement("UPDATE flow_starts SET status = 'skipped', done_at = ?, detail = ? "
        + "WHERE status = 'pending' AND origin = ?")) {
      s.setObject(1, SqlTimes.of(now));
      s.setString(2, why);
      s.setString(3, origin);
      return s.executeUpdate();
    }
  }

  /** Schedules a drain (new pending rows were committed); wakes coalesce. */
  public void wake() {
    if (drainQueued.compareAndSet(false, true)) {
      drains.execute(() -> {
        drainQueued.set(false);
        try {
          drain();
        } catch (RuntimeException e) {
          log.warn("flow starts: drain failed; retried on the next tick", e);
        }
      });
    }
  }

  /**
   * Reads every pending row again (the server's periodic tick): starts that failed, and rows committed late by a
   * transaction that took a lower id than rows already read.
   */
  public void retry() {
    rewind.set(true);
    wake();
  }

  /** {@link #retry} on the caller's thread: returns how many starts it handed out. Blocking JDBC. */
  public int retryNow() {
    rewind.set(true);
    return drain();
  }

  /** Hands pending rows to the starter, up to the in-flight limit; returns how many. Blocking JDBC. */
  public synchronized int drain() {
    if (!dispatching.getAsBoolean()) {
      rewind.set(true); // whatever this node read before is stale by the time it dispatches again
      return 0;
    }
    if (rewind.getAndSet(false)) after = 0;
    for (Long id; (id = finished.poll()) != null; ) handedOut.remove(id);
    int room = MAX_IN_FLIGHT - running.get();
    if (room <= 0) return 0;
    record Pending(long id, String phone, String flowId, String origin) {}
    List<Pending> rows = new ArrayList<>();
    try (Connection c = database.connection(); var s = c.prepareStatement(PENDING)) {
      s.setLong(1, after);
      s.setInt(2, room + handedOut.size()); // rows handed out are still pending: read past them
      try (var rs = s.executeQuery()) {
        while (rs.next()) rows.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read pending flow starts: " + e.getMessage(), e);
    }
    int started = 0;
    for (Pending p : rows) {
      if (started >= room) break;
      if (!handedOut.add(p.id)) continue;
      after = Math.max(after, p.id);
      Optional<Flow> flow = catalog.get().flow(p.flowId);
      if (flow.isEmpty()) {
        skip(p.id, "no flow '" + p.flowId + "' is loaded");
        handedOut.remove(p.id);
        continue;
      }
      started++;
      running.incrementAndGet();
      CompletionStage<Void> done;
      try {
        done = starter.start(p.id, p.phone, flow.get(), p.origin);
      } catch (RuntimeException e) {
        done = CompletableFuture.failedFuture(e);
      }
      done.whenComplete((v, e) -> {
        if (e != null) {
          log.warn("flow start {} ({} for {}) failed; retried later: {}", p.id, p.flowId, p.origin, e.toString());
        }
        finished.add(p.id);
        if (running.decrementAndGet() <= MAX_IN_FLIGHT / 2) wake();
      });
    }
    return started;
  }

  /** Starts handed out and not yet finished. */
  public int running() {
    return running.get();
  }

  private void skip(long id, String why) {
    try (Connection c = database.connection(); var s = c.prepareStatement(SKIP)) {
      s.setObject(1, SqlTimes.of(clock.instant()));
      s.setString(2, why);
      s.setLong(3, id);
      s.executeUpdate();
      database.flush();
    } catch (SQLException e) {
      throw new StoreException("cannot skip flow start " + id + ": " + e.getMessage(), e);
    }
    log.warn("flow start {} skipped: {}", id, why);
  }
}
