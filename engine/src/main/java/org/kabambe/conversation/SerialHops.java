package org.kabambe.conversation;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.kabambe.store.ConversationMovedException;
import org.kabambe.store.ConversationRow;
import org.kabambe.store.DiskLowException;
import org.kabambe.store.HopSink;
import org.kabambe.store.HopWrite;
import org.kabambe.store.StoreException;
import org.kabambe.store.WriterOverloadedException;

/**
 * The shared shape of every hop, whatever the channel: wait for the number's previous hops, decide on the
 * Vert.x context from the stored state, make the decision's rows durable through the {@link HopSink}, and only
 * then update the cached state and hand back the result. A hop that fails to commit changes nothing it knows of,
 * but its commit may have landed unseen (a connection lost mid-commit): the next hop of that number reads the
 * stored state again first.
 *
 * <p>The cache is only a cache: another node may have moved the number's conversation on. A hop's conversation
 * row is written only at the version the hop's state was read at; when it moved on, nothing of the hop is written
 * ({@link ConversationMovedException}), and the hop reads the stored state and decides again (a USSD retry is then
 * answered from what the other node stored), at most {@link #ATTEMPTS} times.
 */
public final class SerialHops {
  /** Decisions a hop makes before giving up on a conversation other nodes keep moving (it answers busy). */
  static final int ATTEMPTS = 3;

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
    return run(phone, context, decide, false);
  }

  /**
   * As {@link #run}, but {@code decide} gets the state as stored now, not as this node last saw it: for work whose
   * decision to write nothing would otherwise rest on a cached state another node may have moved on (a reply
   * timeout's reminder, a recorded flow start). One read of the number's row.
   */
  public <R> Future<R> runOnStored(String phone, Context context, Function<byte[], Future<Decision<R>>> decide) {
    return run(phone, context, decide, true);
  }

  private <R> Future<R> run(String phone, Context context, Function<byte[], Future<Decision<R>>> decide,
                            boolean reload) {
    Promise<R> promise = Promise.promise();
    slots.get(phone).whenComplete((slot, loadError) -> {
      if (loadError != null) {
        context.runOnContext(v -> promise.fail(loadError));
        return;
      }
      slot.enqueue(() -> {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(phone, slot, reload ? slots.reload(phone, slot) : slots.current(phone, slot), context, decide,
            promise, done, 1);
        return done;
      });
    });
    return promise.future();
  }

  private <R> void attempt(String phone, ParticipantSlot slot, CompletableFuture<byte[]> state, Context context,
                           Function<byte[], Future<Decision<R>>> decide, Promise<R> promise,
                           CompletableFuture<Void> done, int attempt) {
    state.whenComplete((bytes, reloadError) -> context.runOnContext(v -> {
      if (reloadError != null) {
        promise.fail(reloadError);
        done.complete(null);
      } else {
        hop(phone, slot, bytes, context, decide, promise, done, attempt);
      }
    }));
  }

  private <R> void hop(String phone, ParticipantSlot slot, byte[] state, Context context,
                       Function<byte[], Future<Decision<R>>> decide, Promise<R> promise, CompletableFuture<Void> done,
                       int attempt) {
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
      HopWrite write = stamped(d.write().get(), slot.version());
      CompletableFuture<Void> committed;
      try {
        committed = writer.submit(write);
      } catch (RuntimeException e) {
        committed = CompletableFuture.failedFuture(e);
      }
      committed.whenComplete((v, writeError) -> {
        if (cause(writeError) instanceof ConversationMovedException moved) {
          // Nothing of this hop was written: decide again on what is stored now.
          if (attempt < ATTEMPTS) {
            attempt(phone, slot, slots.reload(phone, slot), context, decide, promise, done, attempt + 1);
          } else {
            slot.markStale();
            context.runOnContext(x -> {
              promise.fail(new StoreException("the conversation kept moving on other nodes (" + ATTEMPTS
                  + " decisions in a row were too late); the hop was not written", moved));
              done.complete(null);
            });
          }
          return;
        }
        if (writeError == null) {
          Optional<ConversationRow> row = write.conversation();
          if (row.isEmpty()) d.state().ifPresent(slot::update);
          else if (d.state().isPresent()) slot.update(d.state().get(), row.get().version());
          else slot.markStale(); // the row moved to a version whose state this hop did not hand back
        } else if (!refusedUnwritten(writeError)) {
          slot.markStale();
        }
        if (writeError == null && !d.write().get().outbox().isEmpty()) outboxQueued.run();
        context.runOnContext(x -> {
          if (writeError != null) promise.fail(writeError);
          else promise.complete(d.result());
          done.complete(null);
        });
      });
    });
  }

  /**
   * The hop's write, its conversation row checked against {@code read}, the version its state was read at. A new
   * row starts at a random version rather than 1: a number erased (its row deleted) and started again must not
   * reach a version that a stale cache on another node still holds, or that node's write would pass the check.
   */
  static HopWrite stamped(HopWrite write, long read) {
    if (write.conversation().isEmpty()) return write;
    long next = read == ConversationRow.ABSENT ? ThreadLocalRandom.current().nextLong(1, 1L << 62) : read + 1;
    return new HopWrite(Optional.of(write.conversation().get().expecting(read, next)), write.answers(),
        write.events(), write.outbox(), write.contact(), write.release(), write.flowStart());
  }

  // A full queue or a low disk refuses a hop before it is written: the stored state is the one in the slot still.
  private static boolean refusedUnwritten(Throwable e) {
    return cause(e) instanceof WriterOverloadedException || cause(e) instanceof DiskLowException;
  }

  private static Throwable cause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Numbers with state in memory. */
  public long live() {
    return slots.size();
  }
}
