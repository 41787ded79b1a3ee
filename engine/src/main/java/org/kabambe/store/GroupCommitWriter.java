package org.kabambe.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Makes hops durable in groups: one dedicated thread takes whatever hops are waiting (up to a batch), writes
 * them in one transaction with one JDBC batch per table, commits, waits until the commit is in the file
 * ({@link Database#flush}: it then survives a kill of the process), and only then completes each hop's future.
 * A commit per group instead of per hop is what makes "durable before acknowledged" affordable.
 *
 * <p>Futures complete on the writer thread: attach callbacks with an executor (or hand over to a Vert.x
 * context) unless they are trivial, or they delay the next batch.
 */
public final class GroupCommitWriter implements AutoCloseable {
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

  private record Pending(HopWrite hop, CompletableFuture<Void> done) {}

  // Put by close(): hops queued before it are written, then the thread ends.
  private static final Pending STOP = new Pending(new HopWrite(java.util.Optional.empty(), List.of(), List.of(),
      List.of()), new CompletableFuture<>());

  private final Database database;
  private final Settings settings;
  private final WriterMetrics metrics;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean stopped;
  private Connection connection;
  private HopStatements statements;

  private GroupCommitWriter(Database database, Settings settings, WriterMetrics metrics) {
    this.database = database;
    this.settings = settings;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity() + 1); // + 1: room for STOP
    this.thread = new Thread(this::run, "kabambe-db-writer");
  }

  /** Starts a writer with default settings and no metrics. */
  public static GroupCommitWriter start(Database database) {
    return start(database, Settings.DEFAULT, WriterMetrics.NONE);
  }

  /** Starts a writer thread on its own connection to {@code database}. */
  public static GroupCommitWriter start(Database database, Settings settings, WriterMetrics metrics) {
    var writer = new GroupCommitWriter(database, settings, metrics);
    try {
      writer.connect();
    } catch (SQLException e) {
      throw new StoreException("cannot start the database writer on " + database.location() + ": " + e.getMessage(),
          e);
    }
    writer.thread.start();
    return writer;
  }

  /**
   * Queues a hop; the future completes once the hop's rows are committed, or fails with the cause if they
   * cannot be (a {@link WriterOverloadedException} at once when the queue is full). Never blocks.
   */
  public CompletableFuture<Void> submit(HopWrite hop) {
    var pending = new Pending(hop, new CompletableFuture<>());
    if (closed) {
      return CompletableFuture.failedFuture(new StoreException("the database writer is closed"));
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

  /** Hops waiting to be written. */
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
        Pending first = draining ? queue.poll() : queue.take();
        if (first == null) {
          break;
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
    int rows;
    try {
      ensureConnected();
      for (Pending p : batch) {
        statements.add(p.hop());
      }
      rows = statements.execute();
      connection.commit();
    } catch (Exception e) {
      rollback();
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
    if (!flushed(batch)) {
      return;
    }
    metrics.batchCommitted(batch.size(), rows, System.nanoTime() - start);
    for (Pending p : batch) {
      p.done().complete(null);
    }
  }

  /**
   * Makes the committed batch survive a process kill before anyone is told it is written (see Database.flush).
   * If that fails the rows are committed but maybe not in the file: fail the hops rather than retry them, which
   * would write them twice.
   */
  private boolean flushed(List<Pending> batch) {
    try {
      database.flush();
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
    try {
      ensureConnected();
      statements.add(p.hop());
      int rows = statements.execute();
      connection.commit();
      if (!flushed(List.of(p))) {
        return;
      }
      metrics.batchCommitted(1, rows, System.nanoTime() - start);
      p.done().complete(null);
    } catch (Exception e) {
      rollback();
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

  private void ensureConnected() throws SQLException {
    if (connection == null || connection.isClosed()) {
      disconnect();
      connect();
    }
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
