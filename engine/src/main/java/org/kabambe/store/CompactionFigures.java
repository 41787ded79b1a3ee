package org.kabambe.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the serving H2 file's compactor last saw and what it cost, for {@code /metrics}: written by its thread,
 * read by a scrape. File and live bytes are sampled at each check (every {@link H2Compactor#CHECK_EVERY_S} s).
 */
public final class CompactionFigures {
  private final AtomicLong fileBytes = new AtomicLong();
  private final AtomicLong liveBytes = new AtomicLong();
  private final AtomicLong lastStepNanos = new AtomicLong();
  private final AtomicLong longestStepNanos = new AtomicLong();
  private final AtomicLong longestStepCpuNanos = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong cpuNanos = new AtomicLong();

  /** The size of the file at the last check. */
  public long fileBytes() {
    return fileBytes.get();
  }

  /** H2's estimate of the bytes live pages fill (file size x block fill rate x chunk fill rate) at the last check. */
  public long liveBytes() {
    return liveBytes.get();
  }

  /** How long the last compaction step held H2's store lock (a writer may wait that long). */
  public long lastStepNanos() {
    return lastStepNanos.get();
  }

  /** The longest any compaction step held H2's store lock since the database opened. */
  public long longestStepNanos() {
    return longestStepNanos.get();
  }

  /** The most CPU time one compaction step took: a step much longer than its CPU time was waiting for a core. */
  public long longestStepCpuNanos() {
    return longestStepCpuNanos.get();
  }

  /** Compaction steps run since the database opened. */
  public long steps() {
    return steps.get();
  }

  /** CPU time the compactor's thread spent checking and compacting since the database opened. */
  public long cpuNanos() {
    return cpuNanos.get();
  }

  void sampled(long file, long live) {
    fileBytes.set(file);
    liveBytes.set(live);
  }

  void stepped(long nanos, long cpuNanos) {
    lastStepNanos.set(nanos);
    longestStepNanos.accumulateAndGet(nanos, Math::max);
    longestStepCpuNanos.accumulateAndGet(cpuNanos, Math::max);
    steps.incrementAndGet();
  }

  void spent(long cpu) {
    cpuNanos.addAndGet(cpu);
  }
}
