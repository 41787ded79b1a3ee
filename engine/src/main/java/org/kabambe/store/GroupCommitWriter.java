package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes hops durable in groups: one dedicated thread takes whatever hops are waiting (up to a batch), writes
 * them in one transaction with one JDBC batch per table, commits, appends the batch to its {@link HopJournal}
 * (it then survives a kill of the process), and only then completes each hop's future. A commit per group
 * instead of per hop is what makes "durable before acknowledged" affordable; the journal keeps H2's page writes
 * off the reply's path: a checkpoint thread flushes the database every {@link #CHECKPOINT_EVERY_MS} ms and
 * deletes the journal segments the file now holds. {@link Database#open} applies again the batches a kill left
 * only in the journal ({@link JournalReplay}).
 * In memory there is no journal and nothing to survive.
 *
 * <p>Futures complete on the writer thread: attach callbacks with an executor (or hand over to a Vert.x
 * context) unless they are trivial, or they delay the next batch.
 */
public final class GroupCommitWriter implements AutoCloseable {
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

  /** A queued hop; {@code journalled} is its journal form (empty without a journal), encoded by the caller. */
  private record Pending(HopWrite hop, byte[] journalled, CompletableFuture<Void> done) {}

  // Put by close(): hops queued before it are written, then the thread ends.
  private static final Pending STOP = new Pending(new HopWrite(java.util.Optional.empty(), List.of(), List.of(),
      List.of()), new byte[0], new CompletableFuture<>());

  /** How often the database is flushed and the journal trimmed: bounds the journal and the replay after a kill. */
  static final long CHECKPOINT_EVERY_MS = 2_000;
  /** A segment this large is checkpointed early. */
  private static final long SEGMENT_LIMIT = 64L << 20;
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  private final Database database;
  private final Settings settings;
  private final WriterMetrics metrics;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private final Optional<Path> journalDir;
  private volatile boolean closed;
  private volatile boolean stopped;
  private Connection connection;
  private HopStatements statements;
  /** The last batch committed (its number in the journal and in writer_journal). */
  private long seq;
  private HopJournal journal;
  private ExecutorService checkpointer;
  private Future<?> checkpoint = CompletableFuture.completedFuture(null);
  private long lastCheckpoint = System.nanoTime();

  private GroupCommitWriter(Database database, Settings settings, WriterMetrics metrics, Optional<Path> journalDir) {
    this.database = database;
    this.journalDir = journalDir;
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
    Optional<Path> journalDir = database.takeJournal();
    var writer = new GroupCommitWriter(database, settings, metrics, journalDir);
    try {
      writer.connect();
      writer.seq = HopStatements.appliedSeq(writer.connection);
      if (journalDir.isPresent()) {
        writer.journal = HopJournal.open(journalDir.get()); // replayed and emptied by Database.open
        writer.checkpointer = Executors.newSingleThreadExecutor(r -> new Thread(r, "kabambe-checkpoint"));
      }
    } catch (SQLException | IOException | RuntimeException e) {
      writer.disconnect();
      writer.closeJournal();
      database.releaseJournal();
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
    // Encoded here, on the caller's thread: the one writer thread is what every hop queues for.
    byte[] journalled = journalDir.isPresent() ? HopWriteCodec.encodeHop(hop) : new byte[0];
    var pending = new Pending(hop, journalled, new CompletableFuture<>());
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
  /** True while the last commit failed and none has succeeded since: hops are being refused. */
  public boolean failing() {
    return failing;
  }

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
        Pending first = draining ? queue.poll() : queue.poll(CHECKPOINT_EVERY_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (draining) {
            break;
          }
          maybeCheckpoint();
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
          maybeCheckpoint();
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
      finalCheckpoint();
      disconnect();
      closeJournal();
      database.releaseJournal();
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
      statements.markApplied(seq + 1);
      connection.commit();
      seq++;
    } catch (Exception e) {
      rollback();
      failing = true;
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
    if (!durable(batch)) {
      return;
    }
    failing = false;
    metrics.batchCommitted(batch.size(), rows, System.nanoTime() - start);
    for (Pending p : batch) {
      p.done().complete(null);
    }
  }

  /**
   * Makes the batch just committed survive a process kill before anyone is told it is written: appended to the
   * journal, or if that fails, flushed into the database file (see Database.flush). If both fail the rows are
   * committed but maybe not in the file: fail the hops rather than retry them, which would write them twice.
   */
  private boolean durable(List<Pending> batch) {
    if (journal != null) {
      try {
        journal.append(seq, HopWriteCodec.batch(batch.stream().map(Pending::journalled).toList()));
        return true;
      } catch (IOException | RuntimeException e) {
        log.warn("could not append batch {} to the journal ({}); flushing the database instead", seq, e.toString());
      }
    }
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


  /**
   * Every {@link #CHECKPOINT_EVERY_MS} (or when the segment is large), starts a new journal segment and, on the
   * checkpoint thread, flushes the database and deletes the closed segments: every batch in them was committed
   * before the flush began. One checkpoint at a time; a failed one leaves its segments for the next.
   */
  private void maybeCheckpoint() {
    if (journal == null || !checkpoint.isDone()) {
      return;
    }
    long bytes = journal.segmentBytes();
    boolean due = System.nanoTime() - lastCheckpoint >= TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_EVERY_MS);
    if (bytes == 0 || !(due || bytes >= SEGMENT_LIMIT)) {
      return;
    }
    lastCheckpoint = System.nanoTime();
    try {
      List<Path> closed = journal.rotate();
      checkpoint = checkpointer.submit(() -> {
        try {
          database.flush();
          HopJournal.delete(closed);
        } catch (IOException | RuntimeException e) {
          log.warn("checkpoint of {} failed ({}); its journal is kept and retried", database.location(), e.toString());
        }
      });
    } catch (IOException e) {
      log.warn("could not start a new journal segment for {} ({})", database.location(), e.toString());
    }
  }

  /** On close: everything written is flushed into the file and the journal emptied. */
  private void finalCheckpoint() {
    if (journal == null) {
      return;
    }
    checkpointer.shutdown();
    try {
      checkpointer.awaitTermination(1, TimeUnit.MINUTES);
      database.flush();
      HopJournal.delete(journal.rotate());
    } catch (IOException | RuntimeException e) {
      log.warn("the journal of {} is kept ({}); it is replayed at the next start", database.location(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeJournal() {
    if (checkpointer != null) {
      checkpointer.shutdownNow();
    }
    if (journal != null) {
      try {
        journal.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void writeAlone(Pending p) {
    long start = System.nanoTime();
    try {
      ensureConnected();
      statements.add(p.hop());
      int rows = statements.execute();
      statements.markApplied(seq + 1);
      connection.commit();
      seq++;
      if (!durable(List.of(p))) {
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
