package org.kabambe.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where hops go to become durable: "make these hops durable, then call back". The services, the campaign jobs and
 * the server depend on this, not on how it is done ({@link GroupCommitWriter}: group commits, plus whatever the
 * database needs for a commit to survive a kill, see {@link Durability}).
 */
public interface HopSink extends AutoCloseable {
  /**
   * Queues a hop; the future completes once the hop's rows are committed and durable, or fails with the cause if
   * they cannot be (a {@link WriterOverloadedException} at once when the queue is full). Never blocks. The future
   * completes on the sink's own thread: attach anything but a trivial callback with an executor.
   */
  CompletableFuture<Void> submit(HopWrite hop);

  /** True while the last commit failed and none has succeeded since: hops are being refused. */
  boolean failing();

  /**
   * Why hops are refused before being written right now (the disk under the database is low, see
   * {@link DiskReserve}), in words for /health; empty when they are not.
   */
  default Optional<String> refusal() {
    return Optional.empty();
  }

  /** Hops waiting to be written. */
  int queued();

  /** Writes every hop already queued, then stops; later submits fail. */
  @Override
  void close();
}
