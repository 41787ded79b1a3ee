package org.kabambe.connectors.smpp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Holds the parts of concatenated MO messages until the last one arrives. Parts whose message stays incomplete
 * past the timeout are handed back by {@link #expire()} in order, so the caller can deliver what arrived.
 * A redelivered part replaces its earlier copy. Thread-safe.
 */
final class ConcatenatedMoBuffer {
  /** A whole message (or, on expiry, what arrived of it) and the part numbers that never came. */
  record Assembled(Key key, String from, String to, String text, List<Integer> missing) {
    boolean complete() {
      return missing.isEmpty();
    }
  }

  record Key(String from, String to, int reference, int total) {}

  private static final class Pending {
    final TreeMap<Integer, String> parts = new TreeMap<>();
    final Instant firstSeen;

    Pending(Instant firstSeen) {
      this.firstSeen = firstSeen;
    }
  }

  private final Map<Key, Pending> pending = new HashMap<>();
  private final Duration timeout;
  private final Clock clock;

  ConcatenatedMoBuffer(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Adds a part; returns the whole message when this part completes it. The parts stay until {@link #remove}, so
   * a message the engine failed to store is completed again when the SMSC redelivers its last part.
   */
  synchronized Optional<Assembled> add(InboundPdu.MoPart part, InboundPdu.Concat concat) {
    Key key = new Key(part.from(), part.to(), concat.reference(), concat.total());
    Pending p = pending.computeIfAbsent(key, k -> new Pending(clock.instant()));
    p.parts.put(concat.seq(), part.text());
    return p.parts.size() < concat.total() ? Optional.empty() : Optional.of(assemble(key, p));
  }

  /** Forgets a message once the engine has stored it. */
  synchronized void remove(Assembled message) {
    pending.remove(message.key());
  }

  /** Removes and returns the messages still incomplete after the timeout. */
  synchronized List<Assembled> expire() {
    Instant cutoff = clock.instant().minus(timeout);
    List<Assembled> expired = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Pending> e = it.next();
      // A complete message is being stored by the thread that completed it: never deliver it twice.
      boolean complete = e.getValue().parts.size() == e.getKey().total();
      if (!complete && !e.getValue().firstSeen.isAfter(cutoff)) {
        expired.add(assemble(e.getKey(), e.getValue()));
        it.remove();
      }
    }
    return expired;
  }

  synchronized int size() {
    return pending.size();
  }

  private static Assembled assemble(Key key, Pending p) {
    List<Integer> missing = new ArrayList<>();
    for (int seq = 1; seq <= key.total(); seq++) {
      if (!p.parts.containsKey(seq)) {
        missing.add(seq);
      }
    }
    return new Assembled(key, key.from(), key.to(), String.join("", p.parts.values()), List.copyOf(missing));
  }
}
