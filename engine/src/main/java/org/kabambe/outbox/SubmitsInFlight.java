package org.kabambe.outbox;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Submits awaiting their results: at most {@code maxInFlight} of them, and the numbers they go to, so that a
 * number's later rows wait and one number's messages arrive in order.
 */
final class SubmitsInFlight {
  private final int max;
  private final Semaphore permits;
  private final Set<String> phones = ConcurrentHashMap.newKeySet();

  SubmitsInFlight(int max) {
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /** Reserves room for {@code rows} submits, waiting while the limit is reached. */
  void reserve(int rows) throws InterruptedException {
    permits.acquire(rows);
  }

  /** Gives back room reserved for rows that were not submitted. */
  void unreserve(int rows) {
    permits.release(rows);
  }

  /** A reserved row's submit is on its way to {@code phone}. */
  void submitting(String phone) {
    phones.add(phone);
  }

  boolean awaitsResult(String phone) {
    return phones.contains(phone);
  }

  /** These numbers' submits have their results recorded (or given up on): their room is free again. */
  void recorded(Collection<String> submittedTo) {
    phones.removeAll(submittedTo);
    permits.release(submittedTo.size());
  }

  /** Waits up to {@code seconds} for every submit in flight to be recorded. */
  void awaitNone(long seconds) throws InterruptedException {
    if (permits.tryAcquire(max, seconds, TimeUnit.SECONDS)) {
      permits.release(max);
    }
  }
}
