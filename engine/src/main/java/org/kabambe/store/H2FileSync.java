package org.kabambe.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the H2 file to disk (fsync) once a second while it changes, on a thread of its own.
 *
 * <p>Why: H2 never fsyncs its file while running; it relies on the operating system writing its buffers back within
 * the retention time (45 s by default) before a dead chunk's space is reused, and says a lower retention "might be
 * dangerous, unless the file system and hard disk flush the buffers earlier". Flushing them every second is what
 * lets {@link #RETENTION_MS} be 5 s instead of 45: the file then holds about 5 s of dead chunks instead of 45 s
 * (measured by scripts/bench-filesize: about 2x its live data instead of 3.6x; see docs/benchmarks.md). A power cut
 * can still lose the last second or so of the file, which the journal does not cover either (nothing is fsynced on
 * the hop path; the promise is that a kill of the process loses nothing).
 */
final class H2FileSync {
  /** H2's retention time for dead chunks while this runs: 5 s against a flush at least every {@link #PERIOD_MS}. */
  static final int RETENTION_MS = Integer.getInteger("kabambe.h2.retention.ms", 5_000);
  static final long PERIOD_MS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(H2FileSync.class);

  private final MVStore store;
  private final ScheduledExecutorService thread;
  private long syncedVersion;
  private boolean warned;

  private H2FileSync(MVStore store) {
    this.store = store;
    this.syncedVersion = store.getCurrentVersion();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "h2-file-sync");
      t.setDaemon(true);
      return t;
    });
  }

  /** Sets the shorter retention and starts flushing; returns what stops it (nothing to stop without a file store). */
  static Runnable start(MVStore store) {
    if (store == null) return () -> {};
    var sync = new H2FileSync(store);
    store.setRetentionTime(RETENTION_MS);
    sync.thread.scheduleWithFixedDelay(sync::syncIfChanged, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    return sync::stop;
  }

  private void syncIfChanged() {
    try {
      long version = store.getCurrentVersion();
      if (version == syncedVersion || store.isClosed()) return;
      store.sync();
      syncedVersion = version;
      warned = false;
    } catch (RuntimeException e) {
      // A closing store or a full disk: the next tick tries again; say it once per failure streak.
      if (!warned && !store.isClosed()) {
        log.warn("could not flush the H2 file to disk: {}", e.getMessage());
        warned = true;
      }
    }
  }

  private void stop() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
