package org.kabambe.session;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.kabambe.store.HopSink;
import org.kabambe.store.HopWrite;
import org.kabambe.store.DiskLowException;
import org.kabambe.store.WriterOverloadedException;

/**
 * The shared shape of every hop, whatever the channel: wait for the number's previous hops, decide on the
 * Vert.x context from the stored state, make the decision's rows durable through the {@link HopSink}, and only
 * then update the cached state and hand back the result. A hop that fails to commit changes nothing it knows of,
 * but its commit may have landed unseen (a connection lost mid-commit): the next hop of that number reads the
 * stored state again first.
 */
public final class SerialHops {
  private final ParticipantSlots slots;
  private final HopSink writer;
  private final Runnable outboxQueued;

  public SerialHops(ParticipantSlots slots, HopSink writer) {
    this(slots, writer, () -> { });
  }

  /** {@code outboxQueued} runs after a hop that queued SMS committed (it wakes the sender: replies go out at once). */
  public SerialHops(ParticipantSlots slots, HopSink writer, Runnable outboxQueued) {
    this.slots = slots;
    this.writer = writer;
    this.outboxQueued = outboxQueued;
  }

  /** What a hop decided: its result, the rows to make durable first (none: nothing to write), the new state. */
  public record Decision<R>(R result, Optional<HopWrite> write, Optional<byte[]> state) {
    public static <R> Decision<R> readOnly(R result) {
      return new Decision<>(result, Optional.empty(), Optional.empty());
    }
  }

  /**
   * Runs one hop for {@code phone}. {@code decide} gets the stored state (empty bytes for none) on
   * {@code context}; the returned future completes on {@code context} once the decision is durable.
   */
  public <R> Future<R> run(String phone, Context context, Function<byte[], Future<Decision<R>>> decide) {
    Promise<R> promise = Promise.promise();
    slots.get(phone).whenComplete((slot, loadError) -> {
      if (loadError != null) {
        context.runOnContext(v -> promise.fail(loadError));
        return;
      }
      slot.enqueue(() -> {
        CompletableFuture<Void> done = new CompletableFuture<>();
        slots.current(phone, slot).whenComplete((state, reloadError) -> context.runOnContext(v -> {
          if (reloadError != null) {
            promise.fail(reloadError);
            done.complete(null);
          } else {
            hop(slot, state, context, decide, promise, done);
          }
        }));
        return done;
      });
    });
    return promise.future();
  }

  private <R> void hop(ParticipantSlot slot, byte[] state, Context context,
                       Function<byte[], Future<Decision<R>>> decide, Promise<R> promise, CompletableFuture<Void> done) {
    Future<Decision<R>> decided;
    try {
      decided = decide.apply(state);
    } catch (RuntimeException e) {
      decided = Future.failedFuture(e);
    }
    decided.onComplete(ar -> {
      if (ar.failed()) {
        promise.fail(ar.cause());
        done.complete(null);
        return;
      }
      Decision<R> d = ar.result();
      if (d.write().isEmpty()) {
        d.state().ifPresent(slot::update);
        promise.complete(d.result());
        done.complete(null);
        return;
      }
      CompletableFuture<Void> committed;
      try {
        committed = writer.submit(d.write().get());
      } catch (RuntimeException e) {
        committed = CompletableFuture.failedFuture(e);
      }
      committed.whenComplete((v, writeError) -> {
        if (writeError == null) d.state().ifPresent(slot::update);
        else if (!refusedUnwritten(writeError)) slot.markStale();
        if (writeError == null && !d.write().get().outbox().isEmpty()) outboxQueued.run();
        context.runOnContext(x -> {
          if (writeError != null) promise.fail(writeError);
          else promise.complete(d.result());
          done.complete(null);
        });
      });
    });
  }

  // A full queue or a low disk refuses a hop before it is written: the stored state is the one in the slot still.
  private static boolean refusedUnwritten(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof WriterOverloadedException || cause instanceof DiskLowException;
  }

  /** Numbers with state in memory. */
  public long live() {
    return slots.size();
  }
}
