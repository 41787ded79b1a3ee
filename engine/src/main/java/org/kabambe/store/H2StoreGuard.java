package org.kabambe.store;

import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * Makes a transaction reach H2's file whole or not at all.
 *
 * <p>Why it is needed, in H2 2.3.232 terms: a chunk is written from a snapshot of the store's maps taken one map after
 * another, under the store lock but not under the transactions' locks (upstream h2database issue 2080). A
 * transaction that commits while the background store (every WRITE_DELAY) is taking that snapshot can land in the
 * chunk in part: a conversation row at its new version without the answers of the same hop. After a SIGKILL the
 * journal replay then finds that conversation at another version and skips the hops that follow — answers lost.
 * Measured with a probe that SIGKILLs a writer JVM at random: 6 of 70 kills left a file whose conversation version and
 * answer count disagreed; with this guard 0 of 60 (and {@code H2KillAtomicityTest} checks it on every build).
 *
 * <p>So the writers whose transactions must be whole (the group-commit writer, the journal replay) hold the store
 * lock for the length of the transaction: the background store waits for the commit and snapshots all of it or none.
 * The lock is private to MVStore and reached by reflection, pinned to the H2 version in the pom; a newer H2 without
 * it fails at open rather than silently losing the guarantee.
 *
 * <p>Holding the lock, a write that pushes the unsaved memory past H2's auto-commit threshold would start a store on
 * this very thread (the lock is re-entrant) — mid-transaction, the same partial snapshot. A store is therefore made
 * before the transaction whenever half the threshold is used: a batch adds far less than the other half.
 */
public final class H2StoreGuard {
  /** A transaction: statements on the caller's connection ending in its commit or rollback. */
  @FunctionalInterface
  public interface Transaction<T> {
    T run() throws SQLException;
  }

  /** For stores whose commits are whole already (PostgreSQL) or that have no file (in memory). */
  public static final H2StoreGuard NONE = new H2StoreGuard(null, null);

  private final MVStore store;
  private final ReentrantLock lock;

  private H2StoreGuard(MVStore store, ReentrantLock lock) {
    this.store = store;
    this.lock = lock;
  }

  /** The guard of {@code store}, or {@link #NONE} when there is no store (in memory). */
  static H2StoreGuard of(MVStore store) {
    if (store == null) {
      return NONE;
    }
    try {
      Field field = MVStore.class.getDeclaredField("storeLock");
      field.setAccessible(true);
      return new H2StoreGuard(store, (ReentrantLock) field.get(store));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new StoreException("this H2 version has no MVStore.storeLock to make transactions reach the file whole ("
          + e + "): use the H2 version Kabambe's pom names", e);
    }
  }

  /** Runs {@code transaction} so that no chunk of the file holds part of it. */
  public <T> T run(Transaction<T> transaction) throws SQLException {
    if (lock == null) {
      return transaction.run();
    }
    if (store.getUnsavedMemory() > store.getAutoCommitMemory() / 2) {
      store.commit();
    }
    lock.lock();
    try {
      return transaction.run();
    } finally {
      lock.unlock();
    }
  }
}
