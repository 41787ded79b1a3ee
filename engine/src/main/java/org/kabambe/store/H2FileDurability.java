package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability for an H2 file: each committed batch is appended to the {@link HopJournal} (it then survives a kill of
 * the process) before its hops are acknowledged, which keeps H2's page writes off the reply's path; a checkpoint
 * thread flushes the database ({@link Database#flush}) every {@link #CHECKPOINT_EVERY_MS} ms and deletes the
 * journal segments the file now holds. {@link Database#open} applies again the batches a kill left only in the
 * journal ({@link JournalReplay}). Holds the database's journal folder from {@link #open} to {@link #close}.
 *
 * <p>A checkpoint also forces the file to the disk (fsync) before it deletes journal segments, and runs when only
 * other writers (outbox, broadcasts) changed the file: what H2 wrote is on the disk within ~2 s. That is what lets
 * H2 reuse dead chunks after {@link #RETENTION_MS} instead of its 45 s, which assumes that the OS flushes buffers
 * in that time (its javadoc of setRetentionTime); those 45 s of dead chunks were most of the file's excess over its
 * live data (scripts/bench-filesize, docs/benchmarks.md).
 */
final class H2FileDurability implements Durability {
  /** How often the database is flushed and the journal trimmed: bounds the journal and the replay after a kill. */
  /** -Dkabambe.h2.checkpoint.ms: for scripts/bench-filesize (with a longer H2 write delay), in upkeep rounds. */
  static final long CHECKPOINT_EVERY_MS = Long.getLong("kabambe.h2.checkpoint.ms", UPKEEP_EVERY_MS);
  /**
   * How long H2 keeps dead chunks before it may overwrite them: five checkpoints, each of which fsyncs the file.
   * -Dkabambe.h2.retention.ms: for scripts/bench-filesize.
   */
  static final int RETENTION_MS = Integer.getInteger("kabambe.h2.retention.ms", 10_000);
  /** A segment this large is checkpointed early. */
  private static final long SEGMENT_LIMIT = 64L << 20;
  private static final Logger log = LoggerFactory.getLogger(H2FileDurability.class);

  private final Database database;
  private final HopJournal journal;
  private final ExecutorService checkpointer;
  private final AutoCloseable compactor;
  private Future<?> checkpoint = CompletableFuture.completedFuture(null);
  private long lastCheckpoint = System.nanoTime();
  /** H2's count of file writes when the last checkpoint began: a checkpoint is due when it changed. */
  private long writesCheckpointed;
  /** A batch committed but not journalled, until a flush puts it in the file; -1 when none. */
  private long unjournalled = -1;
  /** The last batch committed: a flush begun after it puts it in the file. */
  private volatile long lastCommitted = -1;

  private H2FileDurability(Database database, HopJournal journal) {
    this.database = database;
    this.journal = journal;
    this.checkpointer = Executors.newSingleThreadExecutor(r -> new Thread(r, "kabambe-checkpoint"));
    this.compactor = H2Compactor.start(database);
    this.writesCheckpointed = database.fileWrites();
    database.mvStore().setRetentionTime(RETENTION_MS);
  }

  /** Opens the journal in {@code dir}, which {@link Database#takeJournal} gave (replayed and emptied at open). */
  static H2FileDurability open(Database database, Path dir) {
    try {
      return new H2FileDurability(database, HopJournal.open(dir));
    } catch (IOException | RuntimeException e) {
      database.releaseJournal();
      throw new StoreException("cannot open the journal " + dir + " of " + database.location() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public byte[] prepare(HopWrite hop) {
    return HopWriteCodec.encodeHop(hop);
  }

  /**
   * Appended to the journal. If that fails (a full disk) the batch fails: its rows are committed but in neither the
   * journal nor (yet) the file. Flushing here instead would make H2 write to that full disk, and H2 closes its store
   * for good on a failed write. Later batches are journalled only after a flush has put it in the file: a kill
   * would otherwise leave the journal with later batches and not this one, and replay apply them without it.
   */
  @Override
  public void committed(long seq, List<byte[]> prepared) {
    lastCommitted = seq;
    if (unjournalled >= 0) {
      try {
        database.flush(); // batches up to this one, the unjournalled one among them, are now in the file
      } catch (RuntimeException e) {
        throw new StoreException("batch " + seq + " is not acknowledged: batch " + unjournalled + " is in neither "
            + "the journal nor the file of " + database.location() + ", and writing the file failed (" + e.getMessage()
            + ")", e);
      }
      log.warn("batch {} missing from the journal is in the database file now; journalling again", unjournalled);
      unjournalled = -1;
    }
    try {
      journal.append(seq, HopWriteCodec.batch(prepared));
    } catch (IOException | RuntimeException e) {
      unjournalled = seq;
      log.error("could not append batch {} to the journal of {} ({}); its hops are refused, and so are later ones "
          + "until the database file holds it", seq, database.location(), e.toString());
      throw new StoreException("batch " + seq + " could not be journalled (" + e + "): not acknowledged", e);
    }
  }

  /**
   * Every {@link #CHECKPOINT_EVERY_MS} (or when the segment is large), starts a new journal segment and, on the
   * checkpoint thread, flushes the database and deletes the closed segments: every batch in them was committed
   * before the flush began. One checkpoint at a time; a failed one leaves its segments for the next.
   */
  @Override
  public void upkeep() {
    if (!checkpoint.isDone()) {
      return;
    }
    long bytes = journal.segmentBytes();
    long writes = database.fileWrites();
    boolean changed = bytes > 0 || writes != writesCheckpointed;
    boolean due = bytes >= SEGMENT_LIMIT
        || System.nanoTime() - lastCheckpoint >= TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_EVERY_MS);
    if (!changed || !due) {
      return;
    }
    lastCheckpoint = System.nanoTime();
    writesCheckpointed = writes;
    long covered = lastCommitted;
    try {
      List<Path> closed = bytes == 0 ? List.of() : journal.rotate();
      checkpoint = checkpointer.submit(() -> {
        try {
          database.flushToDisk();
          if (covered >= 0) journal.markCheckpointed(covered);
          HopJournal.delete(closed);
        } catch (IOException | RuntimeException e) {
          log.warn("checkpoint of {} failed ({}); its journal is kept and retried", database.location(), e.toString());
        }
      });
    } catch (IOException e) {
      log.warn("could not start a new journal segment for {} ({})", database.location(), e.toString());
    }
  }

  /** Everything written is flushed into the file and the journal emptied; then the journal folder is released. */
  @Override
  public void close() {
    try {
      compactor.close();
    } catch (Exception e) {
      log.warn("stopping the compaction of {}: {}", database.location(), e.toString());
    }
    checkpointer.shutdown();
    try {
      checkpointer.awaitTermination(1, TimeUnit.MINUTES);
      database.flushToDisk();
      if (lastCommitted >= 0) journal.markCheckpointed(lastCommitted);
      HopJournal.delete(journal.rotate());
    } catch (IOException | RuntimeException e) {
      log.warn("the journal of {} is kept ({}); it is replayed at the next start", database.location(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      checkpointer.shutdownNow();
      try {
        journal.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      database.releaseJournal();
    }
  }
}
