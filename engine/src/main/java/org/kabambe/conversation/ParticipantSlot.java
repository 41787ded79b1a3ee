package org.kabambe.conversation;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One phone number's place in the cache: its session state as stored bytes (compact: 100,000 live conversations
 * fit in a small heap) and the tail of its queue of hops, so hops for one number run one after another, each
 * starting only when the previous one has committed.
 */
public final class ParticipantSlot {
  private volatile byte[] state;
  // The version of the conversation row that state was read from or committed as (ConversationRow.ABSENT: none).
  private volatile long version;
  // A write of this number's failed: it may have committed all the same, so the state must be read again.
  private volatile boolean stale;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  ParticipantSlot(StoredState stored) {
    this.state = stored.state();
    this.version = stored.version();
  }

  /** The stored state; empty bytes mean the number has no conversation yet. */
  public byte[] state() {
    return state;
  }

  /** The version of the stored row {@link #state} belongs to: the one a hop's write expects. */
  public long version() {
    return version;
  }

  /**
   * Called by the hop that owns the queue after its batch committed without writing the conversation row (or a
   * read-only hop): the row's version is unchanged.
   */
  public void update(byte[] committed) {
    this.state = committed;
    this.stale = false;
  }

  /** Called by the hop that owns the queue after its batch wrote the row at {@code version} (or it was read). */
  public void update(byte[] committed, long version) {
    this.version = version;
    update(committed);
  }

  /**
   * Called by the hop that owns the queue when its write failed: the database may hold that hop or not (a commit
   * whose answer was lost), so the next hop must read the stored state rather than trust this one.
   */
  public void markStale() {
    this.stale = true;
  }

  /** True after a failed write, until the state is read again. */
  public boolean stale() {
    return stale;
  }

  /**
   * Queues {@code hop} behind the hops already queued for this number; {@code hop} returns a future that
   * completes when its work is durable (or failed). A failed hop does not block the ones after it.
   */
  public synchronized void enqueue(Supplier<CompletableFuture<Void>> hop) {
    tail = tail.handle((v, e) -> null).thenCompose(v -> {
      try {
        return hop.get().handle((r, e) -> null);
      } catch (RuntimeException e) {
        return CompletableFuture.completedFuture(null);
      }
    });
  }
}
