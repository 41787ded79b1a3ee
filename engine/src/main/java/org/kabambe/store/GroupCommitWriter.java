package org.kabambe.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HopSink}: makes hops durable in groups. One dedicated thread takes whatever hops are waiting (up to a
 * batch), writes them in one transaction with one JDBC batch per table, commits, has its {@link Durability} make
 * the batch survive a kill of the process (an H2 file's journal; nothing more for a database whose commit is
 * durable, or in memory), and only then completes each hop's future. A commit per group instead of per hop is what
 * makes "durable before acknowledged" affordable.
 *
 * <p>When the connection is lost (a PostgreSQL server restarting, a network cut) the whole batch fails at once,
 * since a commit whose answer was lost may or may not have landed, and the writer takes a fresh connection from
 * the pool for the next batch, trying at most once every {@link #RECONNECT_EVERY_NANOS}: hops in between fail at
 * once, and their callers answer "busy" rather than wait.
 *
 * <p>Futures complete on the writer thread: attach callbacks with an executor (or hand over to a Vert.x
 * context) unless they are trivial, or they delay the next batch.
 *
 * <p>Why one class of this size: it is the durability-critical hop path, and its invariants span all of it. A hop's
 * future completes only after its batch is committed and made durable; a batch whose connection broke fails whole
 * (its commit may have landed); the batch number advances only with a commit and is checked against the file after
 * every reconnect; one thread owns the connection. Split, the connection, the batch number and the batch would be
 * shared between classes; together, one reading checks every path. Already apart: the SQL ({@link HopStatements}),
 * the kill-proofing ({@link Durability}), the disk check ({@link DiskReserve}) and H2's chunk guard
 * ({@link H2StoreGuard}).
 */
public final class GroupCommitWriter implements HopSink {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  /** After a failed attempt to connect, the writer waits this long before the next one (no hot loop). */
  static final long RECONNECT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Written by the writer thread, read by /health. */
  private volatile boolean failing;
  /**
   * How the writer groups hops.
   *
   * @param maxBatch      most hops written in one transaction
   * @param queueCapacity most hops waiting; beyond it {@link #submit} fails fast with
   *                      {@link WriterOverloadedException}
   */
  public record Settings(int maxBatch, int queueCapacity) {
    public static final Settings DEFAULT = new Settings(256, 16_384);

    public Settings {
      if (maxBatch < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("maxBatch and queueCapacity must be positive");
      }
    }
  }

  /** A queued hop; {@code prepared} is its form for the {@link Durability}, encoded by the caller. */
  private record Pending(HopWrite hop, byte[] prepared, CompletableFuture<Void> done) {}

  // Put by close(): hops queued before it are written, then the thread ends.
  private static final Pending STOP = new Pending(new HopWrite(Optional.empty(), List.of(), List.of(),
      List.of()), new byte[0], new CompletableFuture<>());

  private final Database database;
  private final Settings settings;
  private final WriterMetrics metrics;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private final Durability durability;
  /**
   * Whether writer_journal.applied_seq is kept: only the H2 journal's replay reads it. Without a journal
   * (PostgreSQL) it would make every batch of every node update one row: a lock all nodes queue for.
   */
  private final boolean journalled;
  private final DiskReserve reserve;
  private volatile boolean closed;
  private volatile boolean stopped;
  private Connection connection;
  private HopStatements statements;
  /** The last batch committed (its number in the journal and in writer_journal). */
  private long seq;
  /** When the writer may next try to connect (System.nanoTime()); while it waits, batches fail at once. */
  private long nextConnectAt;
  /** Why the last attempt to connect, or the connection, failed; null while connected. */
  private Exception lost;
  private long lostSince;

  private GroupCommitWriter(Database database, Settings settings, WriterMetrics metrics, Durability durability,
                            DiskReserve reserve) {
    this.database = database;
    this.durability = durability;
    this.journalled = durability != Durability.NONE;
    this.reserve = reserve;
    this.settings = settings;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity() + 1); // + 1: room for STOP
    this.thread = new Thread(this::run, "kabambe-db-writer");
  }

  /** Starts a writer with default settings and no metrics. */
  public static GroupCommitWriter start(Database database) {
    return start(database, Settings.DEFAULT, WriterMetrics.NONE);
  }

  /** Starts a writer thread on its own connection to {@code database}, without a disk reserve. */
  public static GroupCommitWriter start(Database database, Settings settings, WriterMetrics metrics) {
    return start(database, settings, metrics, DiskReserve.NONE);
  }

  /**
   * Starts a writer thread on its own connection to {@code database}; while {@code reserve} says the disk is low,
   * hops are refused with a {@link DiskLowException} before they are written.
   */
  public static GroupCommitWriter start(Database database, Settings settings, WriterMetrics metrics,
                                        DiskReserve reserve) {
    Durability durability = Durability.of(database); // refuses a second writer before it connects
    var writer = new GroupCommitWriter(database, settings, metrics, durability, reserve);
    try {
      writer.connect();
      writer.seq = HopStatements.appliedSeq(writer.connection);
    } catch (SQLException | RuntimeException e) {
      writer.disconnect();
      durability.close();
      throw new StoreException("cannot start the database writer on " + database.location() + ": " + e.getMessage(),
          e);
    }
    writer.thread.start();
    return writer;
  }

  @Override
  public CompletableFuture<Void> submit(HopWrite hop) {
    // Encoded here, on the caller's thread: the one writer thread is what every hop queues for.
    var pending = new Pending(hop, durability.prepare(hop), new CompletableFuture<>());
    if (closed) {
      return CompletableFuture.failedFuture(new StoreException("the database writer is closed"));
    }
    Optional<String> low = reserve.refusal(); // as the writer last measured it (no disk access on the caller)
    if (low.isPresent()) {
      metrics.hopRejected();
      return CompletableFuture.failedFuture(new DiskLowException(low.get()));
    }
    if (queue.size() >= settings.queueCapacity() || !queue.offer(pending)) {
      metrics.hopRejected();
      return CompletableFuture.failedFuture(new WriterOverloadedException(settings.queueCapacity()));
    }
    // The writer may have made its last pass just before our offer: take the hop back and refuse it.
    if (stopped && queue.remove(pending)) {
      pending.done().completeExceptionally(new StoreException("the database writer is closed"));
    }
    return pending.done();
  }

  @Override
  public boolean failing() {
    return failing;
  }

  @Override
  public Optional<String> refusal() {
    return reserve.refusal();
  }

  @Override
  public int queued() {
    return queue.size();
  }

  /** Writes every hop already queued, then stops the writer thread and releases its connection. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        queue.put(STOP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    var batch = new ArrayList<Pending>(settings.maxBatch());
    boolean draining = false;
    try {
      while (true) {
        Pending first = draining ? queue.poll() : queue.poll(Durability.UPKEEP_EVERY_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (draining) {
            break;
          }
          reserve.check(); // idle: notices space freed (or lost) while no hop comes
          durability.upkeep();
          continue;
        }
        if (first != STOP) {
          batch.add(first);
        } else {
          draining = true;
        }
        queue.drainTo(batch, settings.maxBatch() - batch.size());
        if (batch.remove(STOP)) {
          draining = true;
        }
        if (!batch.isEmpty()) {
          write(batch);
          batch.clear();
          durability.upkeep();
        }
      }
    } catch (Throwable e) { // an Error or interrupt: fail what we hold rather than leave callers waiting forever
      for (Pending p : batch) {
        p.done().completeExceptionally(e);
      }
      failQueued(e);
    } finally {
      stopped = true;
      failQueued(new StoreException("the database writer is closed"));
      disconnect();
      durability.close();
    }
  }

  private void failQueued(Throwable cause) {
    for (Pending p; (p = queue.poll()) != null; ) {
      if (p != STOP) {
        p.done().completeExceptionally(cause);
      }
    }
  }

  private void write(List<Pending> batch) {
    long start = System.nanoTime();
    if (reserve.checkSoon()) {
      // Queued before the disk ran low: refused unwritten, like the ones submit() now refuses.
      var low = new DiskLowException(reserve.refusal().orElse("disk space low"));
      for (Pending p : batch) {
        metrics.hopRejected();
        p.done().completeExceptionally(low);
      }
      return;
    }
    if (!connected()) {
      failing = true;
      failAll(batch, unreachable());
      return;
    }
    HopStatements.Written written;
    try {
      written = database.storeGuard().run(() -> {
        HopStatements.Written w = statements.write(batch.stream().map(Pending::hop).toList());
        commit();
        return w;
      });
    } catch (Exception e) {
      rollback();
      failing = true;
      if (connectionLost(e)) {
        // Hop by hop would fail the same way, each after the pool's wait; the commit may even have landed.
        lose(e);
        failAll(batch, cutOff(e));
        return;
      }
      if (batch.size() == 1) {
        fail(batch.get(0), e);
        return;
      }
      // One bad row must not fail its batchmates: retry hop by hop to find it.
      metrics.batchFailed(batch.size(), e);
      for (Pending p : batch) {
        writeAlone(p);
      }
      return;
    }
    List<Pending> won = settleMoved(batch, written.moved());
    if (!durable(won)) {
      return;
    }
    failing = false;
    metrics.batchCommitted(batch.size(), written.rows(), System.nanoTime() - start);
    for (Pending p : won) {
      p.done().complete(null);
    }
  }

  private void commit() throws SQLException {
    if (journalled) statements.markApplied(seq + 1);
    connection.commit();
    seq++;
  }

  /**
   * Fails the hops whose conversation moved on (they wrote nothing: their callers read it again and decide
   * afresh) and returns the others, which were written.
   */
  private static List<Pending> settleMoved(List<Pending> batch, BitSet moved) {
    if (moved.isEmpty()) return batch;
    var won = new ArrayList<Pending>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (!moved.get(i)) {
        won.add(p);
        continue;
      }
      ConversationRow c = p.hop().conversation().orElseThrow();
      p.done().completeExceptionally(new ConversationMovedException(c.channel(), c.expectedVersion()));
    }
    return won;
  }

  /**
   * Makes the batch just committed survive a process kill before anyone is told it is written. If that fails the
   * rows are committed but maybe not on disk: fail the hops rather than retry them, which would write them twice.
   */
  private boolean durable(List<Pending> batch) {
    try {
      durability.committed(seq, batch.stream().map(Pending::prepared).toList());
      return true;
    } catch (RuntimeException e) {
      for (Pending p : batch) {
        fail(p, e);
      }
      return false;
    }
  }

  private void writeAlone(Pending p) {
    long start = System.nanoTime();
    if (!connected()) {
      failing = true;
      fail(p, unreachable());
      return;
    }
    try {
      HopStatements.Written written = database.storeGuard().run(() -> {
        HopStatements.Written w = statements.write(List.of(p.hop()));
        commit();
        return w;
      });
      if (settleMoved(List.of(p), written.moved()).isEmpty() || !durable(List.of(p))) {
        return;
      }
      metrics.batchCommitted(1, written.rows(), System.nanoTime() - start);
      p.done().complete(null);
    } catch (Exception e) {
      rollback();
      if (connectionLost(e)) {
        lose(e);
        fail(p, cutOff(e));
      } else {
        fail(p, e);
      }
    }
  }

  private void failAll(List<Pending> batch, Exception e) {
    for (Pending p : batch) {
      fail(p, e);
    }
  }

  private void fail(Pending p, Exception e) {
    metrics.hopFailed(e);
    p.done().completeExceptionally(e instanceof StoreException ? e
        : new StoreException("could not write hop to " + database.location() + ": " + e.getMessage(), e));
  }

  private void connect() throws SQLException {
    connection = database.connection();
    connection.setAutoCommit(false);
    statements = new HopStatements(connection, database.dialect());
  }

  /**
   * True with a usable connection. Without one, takes a fresh one from the pool unless the last attempt failed
   * less than {@link #RECONNECT_EVERY_NANOS} ago; false if there is none to be had.
   */
  private boolean connected() {
    try {
      if (connection != null && !connection.isClosed()) return true;
    } catch (SQLException e) {
      // closed, then
    }
    disconnect();
    if (lost != null && System.nanoTime() - nextConnectAt < 0) return false;
    try {
      connect();
      // Batch numbers matter to the H2 journal only; without one they are not stored (PostgreSQL), nothing to check.
      if (journalled) seq = checkedAppliedSeq();
    } catch (SQLException | RuntimeException e) {
      disconnect();
      if (lost == null) lose(e);
      lost = e;
      nextConnectAt = System.nanoTime() + RECONNECT_EVERY_NANOS;
      return false;
    }
    if (lost != null) {
      log.warn("database writer connected to {} again after {} s without a connection", database.location(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lostSince));
      lost = null;
    }
    return true;
  }

  /** The file's last applied batch, after a reconnect: a commit whose answer was lost may have landed after all. */
  private long checkedAppliedSeq() throws SQLException {
    long applied = HopStatements.appliedSeq(connection);
    if (applied < seq) {
      // Only a database that lost committed batches goes back: numbering on from there would reuse numbers the
      // journal holds for other batches, and replay would skip them.
      throw new StoreException("database " + database.location() + " holds batches up to " + applied + " only, "
          + "after " + seq + " were committed; restart the server (it replays the journal)");
    }
    return applied;
  }

  private void lose(Exception e) {
    disconnect();
    if (lost == null) {
      lostSince = System.nanoTime();
      log.error("database writer lost its connection to {} ({}); hops are refused (callers answer busy) until a "
          + "new connection is had, tried at most once a second", database.location(), describe(e));
    }
    lost = e;
  }

  private StoreException unreachable() {
    return new StoreException("database " + database.location() + " cannot be reached (" + describe(lost)
        + "); the writer tries again at most once a second");
  }

  private StoreException cutOff(Exception e) {
    return new StoreException("the connection to database " + database.location() + " was lost while writing ("
        + describe(e) + "): the hop may or may not be stored", e);
  }

  // The cause without its message: a failed batch's message quotes its statement with the rows' values (numbers).
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String state = root instanceof SQLException s ? s.getSQLState() : e instanceof SQLException s ? s.getSQLState()
        : null;
    return root.getClass().getSimpleName() + (state == null ? "" : ", SQLState " + state);
  }

  /**
   * Whether {@code e} came from the connection rather than the rows: the pool closes a connection it saw break
   * (SQLState 08…, PostgreSQL's 57P01 shutdown, …), a failed rollback closes ours, and the pool's own timeout
   * says no connection was to be had.
   */
  private boolean connectionLost(Exception e) {
    try {
      if (connection == null || connection.isClosed()) return true;
    } catch (SQLException closed) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) return true;
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  private void rollback() {
    try {
      if (statements != null) {
        statements.clear();
      }
      if (connection != null && !connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      disconnect(); // a connection we cannot roll back is not one to reuse
    }
  }

  private void disconnect() {
    try {
      if (statements != null) {
        statements.close();
      }
    } catch (SQLException ignored) {
      // closing anyway
    }
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // closing anyway
    }
    statements = null;
    connection = null;
  }
}
