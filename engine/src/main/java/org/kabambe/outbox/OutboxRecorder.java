package org.kabambe.outbox;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's writer while the sender runs: one thread ({@code outbox-recorder}) that commits, in rounds,
 * whatever has gathered in its lanes (submit results, delivery receipts, the sender's claims) in one transaction
 * per round, on one connection whose statements are prepared once; a second thread ({@code outbox-flusher}) writes
 * the committed rounds to the file, one flush for every round committed meanwhile, and only then runs their
 * {@link Lane.Kind#committed}: nothing acts on a write that a kill could lose. A flush per claim chunk, per result
 * batch and per receipt batch, each waited for by the thread that wrote it, was what capped the sender (bench-sms,
 * 2 cores: ~2,000 submits/s); now the next round is written while the last is flushed.
 *
 * <p>If a round's transaction fails, each lane's share is tried again alone, so that one bad receipt does not cost
 * the claims and results beside it their commit.
 */
final class OutboxRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRecorder.class);

  private final OutboxStore store;
  private final OutboxStore.Session session;
  private final ExecutorService thread = singleThread("outbox-recorder");
  private final ExecutorService flusher = singleThread("outbox-flusher");
  private final List<Lane<?, ?>> lanes = new ArrayList<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ConcurrentLinkedQueue<List<Share>> unflushed = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushing = new AtomicBoolean();

  OutboxRecorder(OutboxStore store) {
    this.store = store;
    this.session = store.new Session();
  }

  private static ExecutorService singleThread(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Adds a lane; rounds visit lanes in the order they were added. Add every lane before the first item. */
  <T, R> Lane<T, R> lane(String name, int maxPerRound, Lane.Kind<T, R> kind) {
    var lane = new Lane<>(this, name, maxPerRound, kind);
    lanes.add(lane);
    return lane;
  }

  /** Runs {@code work} on the recorder's thread, between rounds (work that needs no batching, e.g. start-up). */
  CompletableFuture<Void> run(Runnable work) {
    return CompletableFuture.runAsync(work, thread);
  }

  /** Finishes the rounds already asked for (waiting up to 5 s), then stops; later items fail at once. */
  void close() {
    thread.shutdown();
    try {
      if (thread.awaitTermination(5, TimeUnit.SECONDS)) {
        session.close(); // the recorder's thread is done with it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        draining.set(false);
        var closed = new IllegalStateException("the outbox sender is closed", e);
        lanes.forEach(lane -> lane.failAll(closed));
      }
    }
  }

  private void drain() {
    while (true) {
      var round = new ArrayList<Share>();
      for (Lane<?, ?> lane : lanes) {
        lane.take().ifPresent(round::add);
      }
      if (round.isEmpty()) {
        draining.set(false);
        // An item added after our last look but before the flag dropped found us draining and did not schedule.
        if (lanes.stream().noneMatch(Lane::hasItems) || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      commit(round);
    }
  }

  private void commit(List<Share> round) {
    unflushed.add(written(round));
    if (!flushing.compareAndSet(false, true)) {
      return; // the flusher is at work and looks again before it stops
    }
    if (lanes.stream().noneMatch(Lane::hasItems)) {
      flush(); // nothing waits to be written: flush here, sparing the wait for another thread (MO -> reply latency)
      return;
    }
    try {
      flusher.execute(this::flush);
    } catch (RejectedExecutionException closed) {
      flush(); // closing: flush on this thread rather than leave committed rounds unacknowledged
    }
  }

  /** Commits a round (each share alone if together fails); returns the shares committed. */
  private List<Share> written(List<Share> round) {
    try {
      session.commit(sql -> {
        for (var share : round) {
          share.write(sql);
        }
        return null;
      });
    } catch (RuntimeException e) {
      if (round.size() == 1) {
        round.get(0).failed(e);
        return List.of();
      }
      LOG.warn("outbox: a round of {} failed ({}); committing each lane alone", round.size(), e.toString());
      var committed = new ArrayList<Share>();
      for (var share : round) {
        try {
          session.commit(sql -> {
            share.write(sql);
            return null;
          });
          committed.add(share);
        } catch (RuntimeException alone) {
          share.failed(alone);
        }
      }
      return committed;
    }
    return round;
  }

  /** On the flusher: one flush for every round committed so far, then what follows their commit. */
  private void flush() {
    while (true) {
      var rounds = new ArrayList<List<Share>>();
      for (List<Share> round; (round = unflushed.poll()) != null; ) {
        rounds.add(round);
      }
      if (rounds.isEmpty()) {
        flushing.set(false);
        if (unflushed.isEmpty() || !flushing.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      try {
        store.flush();
      } catch (RuntimeException e) {
        rounds.forEach(round -> round.forEach(share -> share.failed(e)));
        continue;
      }
      rounds.forEach(round -> round.forEach(Share::committed));
    }
  }

  /** A lane's share of one round. */
  private interface Share {
    void write(Statements sql) throws SQLException;

    void committed();

    void failed(RuntimeException error);
  }

  /** One kind of work, queued by any thread and written in the recorder's rounds. */
  static final class Lane<T, R> {
    /** How a batch of a lane's items is written, and what follows the commit or the failure. */
    interface Kind<T, R> {
      /** Writes {@code batch} in the round's transaction; may run twice (after a failed round), so no side effects. */
      R write(Statements sql, List<T> batch) throws SQLException;

      /** After the commit and the flush: complete, count, release. */
      void committed(List<T> batch, R written);

      /** The batch could not be committed (or the recorder is closed). */
      void failed(List<T> batch, RuntimeException error);
    }

    private final OutboxRecorder recorder;
    private final String name;
    private final int maxPerRound;
    private final Kind<T, R> kind;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();

    private Lane(OutboxRecorder recorder, String name, int maxPerRound, Kind<T, R> kind) {
      this.recorder = recorder;
      this.name = name;
      this.maxPerRound = maxPerRound;
      this.kind = kind;
    }

    /** Queues {@code item} for the next round. */
    void add(T item) {
      queue.add(item);
      recorder.schedule();
    }

    private boolean hasItems() {
      return !queue.isEmpty();
    }

    private Optional<Taken> take() {
      var batch = new ArrayList<T>();
      for (T item; batch.size() < maxPerRound && (item = queue.poll()) != null; ) {
        batch.add(item);
      }
      return batch.isEmpty() ? Optional.empty() : Optional.of(new Taken(batch));
    }

    private void failAll(RuntimeException error) {
      for (var taken = take(); taken.isPresent(); taken = take()) {
        taken.get().failed(error);
      }
    }

    private final class Taken implements Share {
      private final List<T> batch;
      private R written;

      private Taken(List<T> batch) {
        this.batch = batch;
      }

      @Override
      public void write(Statements sql) throws SQLException {
        written = kind.write(sql, batch);
      }

      @Override
      public void committed() {
        try {
          kind.committed(batch, written);
        } catch (RuntimeException e) {
          LOG.error("outbox: after committing {} {}", batch.size(), name, e);
        }
      }

      @Override
      public void failed(RuntimeException error) {
        try {
          kind.failed(batch, error);
        } catch (RuntimeException e) {
          LOG.error("outbox: after failing {} {}", batch.size(), name, e);
        }
      }
    }
  }
}
