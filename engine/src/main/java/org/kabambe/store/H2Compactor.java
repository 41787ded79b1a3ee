package org.kabambe.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a serving H2 file near its live data: every {@link #CHECK_EVERY_S} s, on a thread of its own (off the hop
 * path), reads how much of the file live pages fill and, below {@link #LIVE_PERCENT_BELOW} %, has H2 rewrite sparse
 * chunks, move chunks towards the start and truncate the file ({@link MVStore#compactFile}), in slices of
 * {@link #SLICE_MS} ms. Without it the file grew ~900 bytes a hop retained for good while its live data was ~200:
 * H2's own housekeeping rewrites chunks under steady writes but rarely moves them, so freed space stayed in the
 * middle of a file that only grew at the end.
 *
 * <p>{@code compactFile} sets H2's retention time to 0 (freed chunks may be overwritten at once): safe against a
 * kill, which is what Kabambe promises on H2; not against a power cut, which it never promised there.
 * {@code -Dkabambe.h2.compaction=off} turns it off (to measure what it costs).
 */
final class H2Compactor implements AutoCloseable {
  static final int CHECK_EVERY_S = 30;
  /** Compact when live pages fill less than this share of the file: it then stays within ~1.7x its live data. */
  static final int LIVE_PERCENT_BELOW = 60;
  /** Each compaction slice holds H2's store lock about this long; commits wait for it only when H2 must store. */
  static final int SLICE_MS = 200;
  /** A smaller file is left as it is: compacting it would cost more than the space it gives back. */
  static final long MIN_FILE_BYTES = 16L << 20;
  /** Slices a check may run before it leaves the rest to the next check. */
  private static final int SLICES = 10;
  private static final Logger log = LoggerFactory.getLogger(H2Compactor.class);

  private final Database database;
  private final ScheduledExecutorService thread;

  private H2Compactor(Database database) {
    this.database = database;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kabambe-compact");
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::check, CHECK_EVERY_S, CHECK_EVERY_S, TimeUnit.SECONDS);
  }

  /** Starts compacting {@code database}'s file in the background; nothing in memory or when turned off. */
  static AutoCloseable start(Database database) {
    MVStore store = database.mvStore();
    if (store == null || "off".equals(System.getProperty("kabambe.h2.compaction"))) return () -> {};
    return new H2Compactor(database);
  }

  /** The share of the file that live pages fill, in percent. */
  static int livePercent(MVStore store) {
    return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
  }

  private void check() {
    try {
      compactIfSparse(database, MIN_FILE_BYTES);
    } catch (RuntimeException e) {
      log.warn("compacting {} failed ({}); tried again in {} s", database.location(), e.toString(), CHECK_EVERY_S);
    }
  }

  /**
   * One check: compacts a file of at least {@code minBytes} when live pages fill less than
   * {@link #LIVE_PERCENT_BELOW} % of it; whether it did.
   */
  static boolean compactIfSparse(Database database, long minBytes) {
    MVStore store = database.mvStore();
    int live = livePercent(store);
    long before = store.getFileStore().size();
    // A backup turns space reuse off while it copies: moving chunks then is not allowed, so wait for the next check.
    if (before < minBytes || live >= LIVE_PERCENT_BELOW || !store.isSpaceReused()) return false;
    long started = System.nanoTime();
    for (int i = 0; i < SLICES && livePercent(store) < LIVE_PERCENT_BELOW + 20 && store.isSpaceReused(); i++) {
      store.compactFile(SLICE_MS);
    }
    log.info("compacted {}: {} MB ({} % live) to {} MB ({} % live) in {} ms", database.location(), before >> 20,
        live, store.getFileStore().size() >> 20, livePercent(store),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return true;
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
