package org.kabambe.session;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.kabambe.store.ConversationStore;

/**
 * Per-number slots in a Caffeine cache in front of the database: a miss loads the stored state on the given
 * worker executor (JDBC never runs on an event loop); the cache is bounded in size and drops numbers idle for
 * longer than any session lasts.
 */
public final class ParticipantSlots {
  private final AsyncLoadingCache<String, ParticipantSlot> cache;

  public ParticipantSlots(ConversationStore store, String channel, Executor loadExecutor, long maximumSize,
                          Duration idle) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterAccess(idle)
        .executor(loadExecutor)
        .buildAsync((phone, executor) -> CompletableFuture.supplyAsync(
            () -> new ParticipantSlot(store.loadState(phone, channel).orElse(new byte[0])), executor));
  }

  public CompletableFuture<ParticipantSlot> get(String phone) {
    return cache.get(phone);
  }

  /** How many numbers are in memory now. */
  public long size() {
    return cache.synchronous().estimatedSize();
  }
}
