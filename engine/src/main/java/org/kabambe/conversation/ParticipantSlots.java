package org.kabambe.conversation;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Per-number slots in a Caffeine cache in front of the database: a miss loads the stored state on the given
 * worker executor (JDBC never runs on an event loop); the cache is bounded in size and drops numbers idle for
 * longer than any session lasts.
 */
public final class ParticipantSlots {
  private final AsyncLoadingCache<String, ParticipantSlot> cache;
  private final Function<String, StoredState> load;
  private final Executor loadExecutor;

  /** Slots whose state is the stored conversation state of {@code channel}. */
  public ParticipantSlots(ConversationStore store, String channel, Executor loadExecutor, long maximumSize,
                          Duration idle) {
    this(phone -> store.loadStored(phone, channel), loadExecutor, maximumSize, idle);
  }

  /** Slots whose state {@code load} reads (blocking, on {@code loadExecutor}); {@link StoredState#NONE} for none. */
  public ParticipantSlots(Function<String, StoredState> load, Executor loadExecutor, long maximumSize,
                          Duration idle) {
    this.load = load;
    this.loadExecutor = loadExecutor;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterAccess(idle)
        .executor(loadExecutor)
        .buildAsync((phone, executor) -> CompletableFuture.supplyAsync(
            () -> new ParticipantSlot(load.apply(phone)), executor));
  }

  public CompletableFuture<ParticipantSlot> get(String phone) {
    return cache.get(phone);
  }

  /**
   * The slot's state, read again from the database (on the load executor) when a failed write left it
   * {@linkplain ParticipantSlot#stale stale}: that write may have committed, and a hop decided from the state
   * before it would store its answers twice. Call it from the hop that owns the slot's queue.
   */
  CompletableFuture<byte[]> current(String phone, ParticipantSlot slot) {
    if (!slot.stale()) return CompletableFuture.completedFuture(slot.state());
    return reload(phone, slot);
  }

  /**
   * Reads the stored state and version into the slot (another node moved the conversation on, or the hop must
   * see what is stored, not what this node last saw). Call it from the hop that owns the slot's queue.
   */
  CompletableFuture<byte[]> reload(String phone, ParticipantSlot slot) {
    return CompletableFuture.supplyAsync(() -> {
      StoredState stored = load.apply(phone);
      slot.update(stored.state(), stored.version());
      return stored.state();
    }, loadExecutor);
  }

  /** Drops a number's slot: its next hop reads the stored state again (tools that reset a participant). */
  public void forget(String phone) {
    cache.synchronous().invalidate(phone);
  }

  /** How many numbers are in memory now. */
  public long size() {
    return cache.synchronous().estimatedSize();
  }
}
