package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** What the simulator saw, in order, with a wait for "at least n" that wakes on each arrival instead of polling. */
final class AwaitableLog<T> {
  private final String what;
  private final List<T> items = new ArrayList<>();

  /** @param what the items' name in a timeout's message, e.g. "messages" */
  AwaitableLog(String what) {
    this.what = what;
  }

  synchronized void add(T item) {
    items.add(item);
    notifyAll();
  }

  synchronized List<T> all() {
    return List.copyOf(items);
  }

  /** Waits until at least {@code count} items arrived, then returns them all. */
  synchronized List<T> await(int count, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (items.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("simulator got " + items.size() + " of " + count + " " + what + ": " + items);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted waiting for " + count + " " + what);
      }
    }
    return List.copyOf(items);
  }
}
