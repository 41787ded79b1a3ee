package org.kabambe.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a serving H2 file near its live data. Every {@link #CHECK_EVERY_S} s, on a thread of its own (off the hop
 * path), reads how much of the file live pages fill; below {@link #LIVE_PERCENT_BELOW} % it runs short steps until
 * {@link #LIVE_PERCENT_ENOUGH} %: each step either rewrites the live pages of the sparsest old chunks ({@link
 * MVStore#compact}) or moves chunks from the end of the file into its holes and truncates it ({@link
 * RandomAccessStore#compactMoveChunks}). H2's own housekeeping rewrites chunks but seldom moves them, so freed
 * space stayed in the middle of a file that only grew at its end.
 *
 * <p>Each step holds H2's store lock, which every commit that stores needs: a step is sized in bytes, halved when
 * it took longer than {@link #STEP_BUDGET_NANOS} and doubled when much shorter, and the thread rests as long as a
 * step took before the next one. It never calls {@link MVStore#compactFile}: that sets H2's retention time to 0 for
 * good, which made H2's background writer cost ~1.2 ms a hop instead of ~0.07 (an earlier measurement). Dead chunks
 * are therefore freed only once H2's retention time has passed since they were written, so the file stays about its
 * live data plus what H2 wrote in that time; {@link H2FileDurability} shortens that time and Database stores every
 * 2 s (why compressed pages are off is there); scripts/bench-filesize measures it (docs/benchmarks.md).
 *
 * <p>Never runs while {@link H2Backup} copies the file (it holds {@link Database#fileMaintenance}).
 * {@code -Dkabambe.h2.compaction=off} turns it off (to measure what it costs).
 */
final class H2Compactor implements AutoCloseable {
  static final int CHECK_EVERY_S = 10;
  /** Compact when live pages fill less than this share of the file... */
  static final int LIVE_PERCENT_BELOW = 60;
  /** ...until they fill this much (or nothing more can be done before dead chunks age past H2's retention). */
  static final int LIVE_PERCENT_ENOUGH = 75;
  /** Chunks older than H2's retention time are rewritten while they are less live than this. */
  static final int REWRITE_BELOW_PERCENT = 50;
  /** The longest a step should hold H2's store lock. */
  static final long STEP_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** A smaller file is left as it is: compacting it would cost more than the space it gives back. */
  static final long MIN_FILE_BYTES = 16L << 20;
  /** Time one check may spend stepping (resting included) before it leaves the rest to the next check. */
  private static final long CHECK_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final int MIN_STEP_BYTES = 64 << 10;
  private static final Logger log = LoggerFactory.getLogger(H2Compactor.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Database database;
  private final MVStore store;
  private final CompactionFigures figures;
  private final Lock maintenance;
  private final ScheduledExecutorService thread;
  // Rewriting marks pages dirty in memory (H2's next store writes them); moving copies chunks in the file and syncs
  // it three times: far slower a byte.
  private final Budgeted rewrite = new Budgeted(1 << 20, 8 << 20);
  private final Budgeted move = new Budgeted(256 << 10, 2 << 20);

  H2Compactor(Database database) {
    this.database = database;
    this.store = database.mvStore();
    this.figures = database.compactionFigures().orElseThrow();
    this.maintenance = database.fileMaintenance();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kabambe-compact");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts compacting {@code database}'s file in the background; nothing in memory or when turned off. */
  static AutoCloseable start(Database database) {
    if (database.mvStore() == null || "off".equals(System.getProperty("kabambe.h2.compaction"))) return () -> {};
    H2Compactor compactor = new H2Compactor(database);
    compactor.thread.scheduleWithFixedDelay(compactor::check, CHECK_EVERY_S, CHECK_EVERY_S, TimeUnit.SECONDS);
    return compactor;
  }

  /** The share of the file that live pages fill, in percent. */
  static int livePercent(MVStore store) {
    return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
  }

  private void check() {
    long cpu = THREADS.getCurrentThreadCpuTime();
    try {
      compactIfSparse(MIN_FILE_BYTES);
    } catch (RuntimeException e) {
      log.warn("compacting {} failed ({}); tried again in {} s", database.location(), e.toString(), CHECK_EVERY_S);
    } finally {
      figures.spent(THREADS.getCurrentThreadCpuTime() - cpu);
    }
  }

  /**
   * One check: when a file of at least {@code minBytes} is less than {@link #LIVE_PERCENT_BELOW} % live, steps
   * until it is {@link #LIVE_PERCENT_ENOUGH} % live, a step changes nothing, a backup holds the file, or the
   * check's time is up; the number of steps run.
   */
  int compactIfSparse(long minBytes) {
    long before = sample();
    int live = livePercent(store);
    if (before < minBytes || live >= LIVE_PERCENT_BELOW) return 0;
    long started = System.nanoTime();
    int steps = 0;
    while (livePercent(store) < LIVE_PERCENT_ENOUGH && System.nanoTime() - started < CHECK_BUDGET_NANOS) {
      // A backup is copying the file; or H2 turned space reuse off (its own BACKUP TO) and would not move chunks.
      if (!maintenance.tryLock()) break;
      long took = System.nanoTime();
      boolean changed;
      try {
        if (!store.isSpaceReused()) break;
        changed = step();
      } finally {
        maintenance.unlock();
      }
      steps++;
      LockSupport.parkNanos(System.nanoTime() - took); // the writer's turn at the store lock
      if (!changed) break;
    }
    long after = sample();
    log.debug("compacted {}: {} KB ({} % live) to {} KB ({} % live) in {} steps, {} ms", database.location(),
        before >> 10, live, after >> 10, livePercent(store), steps,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return steps;
  }

  /**
   * Rewrites the live pages of the sparsest chunks while the chunks H2 may rewrite (older than its retention time)
   * are less than {@link #REWRITE_BELOW_PERCENT} % live; else frees the chunks that died more than the retention
   * time ago, moves chunks into the holes and truncates the file. Young chunks are left alone: rewriting them under
   * load only writes more chunks that die young. Holds the store lock once.
   */
  private boolean step() {
    FileStore<?> file = store.getFileStore();
    if (rewritableLivePercent(file) < REWRITE_BELOW_PERCENT) {
      return rewrite.run(bytes -> store.compact(100, bytes));
    }
    if (!(file instanceof RandomAccessStore random)) return false;
    long size = file.size();
    int used = store.getFillRate();
    move.run(bytes -> {
      random.compactMoveChunks(100, bytes, store);
      return true;
    });
    return file.size() < size || store.getFillRate() > used;
  }

  /** How much of the chunks H2 may rewrite is live, in percent (its CHUNKS_FILL_RATE_RW; 100 when there are none). */
  private static int rewritableLivePercent(FileStore<?> file) {
    int[] percent = {100};
    file.populateInfo((key, value) -> {
      if (key.equals("info.CHUNKS_FILL_RATE_RW")) percent[0] = Integer.parseInt(value);
    });
    return percent[0];
  }

  /**
   * An operation done so many bytes at a time, that many halved when it took longer than {@link #STEP_BUDGET_NANOS}
   * and doubled (up to a maximum) when it took under a quarter of it.
   */
  private final class Budgeted {
    private final int max;
    private int bytes;

    Budgeted(int first, int max) {
      this.bytes = first;
      this.max = max;
    }

    boolean run(IntPredicate operation) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long started = System.nanoTime();
      boolean result = operation.test(bytes);
      long took = System.nanoTime() - started;
      figures.stepped(took, THREADS.getCurrentThreadCpuTime() - cpu);
      if (took > STEP_BUDGET_NANOS) {
        bytes = Math.max(MIN_STEP_BYTES, bytes / 2);
      } else if (took < STEP_BUDGET_NANOS / 4) {
        bytes = Math.min(max, bytes * 2);
      }
      return result;
    }
  }

  /** Records the file's size and H2's estimate of its live bytes; the size. */
  private long sample() {
    long size = store.getFileStore().size();
    figures.sampled(size, size * livePercent(store) / 100);
    return size;
  }

  @Override
  public void close() {
    thread.shutdown(); // never interrupt: an interrupted file write makes H2 close the store
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
