package org.kabambe.broadcast;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.kabambe.catalog.Catalog;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.contact.ContactStore;
import org.kabambe.store.Database;

/**
 * Who a broadcast reaches: compiles its {@link Audience}, fixes its sample cut (a seeded draw per number, so the
 * same broadcast draws the same people), and counts what it would send. Opted-out contacts are always excluded.
 */
final class BroadcastPlanner {
  private final Database database;
  private final Supplier<Catalog> catalog;
  private final Clock clock;

  BroadcastPlanner(Database database, Supplier<Catalog> catalog, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Compiles the broadcast and fixes its sample; throws IllegalArgumentException naming what is wrong. */
  Audience compile(BroadcastSpec spec) {
    Audience a = new Audience(spec, catalog.get(), database);
    return a.withCut(sampleCut(a));
  }

  /** The draw below which a matching contact is in the sample: p for "p%", the N-th smallest draw for N. */
  private double sampleCut(Audience a) {
    if (a.spec.sample().isEmpty()) return 1.0;
    String s = a.spec.sample().get().strip();
    try {
      if (s.endsWith("%")) {
        double p = Double.parseDouble(s.substring(0, s.length() - 1));
        if (p <= 0 || p > 100) throw new NumberFormatException();
        return p / 100.0;
      }
      int n = Integer.parseInt(s);
      if (n <= 0) throw new NumberFormatException();
      PriorityQueue<Double> smallest = new PriorityQueue<>(Collections.reverseOrder());
      Instant now = clock.instant();
      new ContactStore(database).forEach("", catalog.get().fields(), contact -> {
        if (!a.matches(contact, now)) return true;
        double d = Audience.draw(a.spec.seed(), contact.phone());
        if (smallest.size() < n) smallest.add(d);
        else if (d < smallest.peek()) {
          smallest.poll();
          smallest.add(d);
        }
        return true;
      });
      return smallest.size() < n ? 1.0 : Math.nextUp(smallest.peek());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sample should be a number of contacts like 500 or a percentage like "
          + "10%; '" + s + "' is neither");
    }
  }

  /** What {@code spec} would send now. */
  Broadcasts.DryRun dryRun(BroadcastSpec spec) {
    Audience a = compile(spec);
    Instant now = clock.instant();
    Map<String, Long> perArm = new LinkedHashMap<>();
    Map<String, Integer> perMessage = new LinkedHashMap<>();
    long[] totals = new long[3];
    new ContactStore(database).forEach("", catalog.get().fields(), contact -> {
      if (!a.inSegment(contact, now)) return true;
      if (contact.optedOut()) {
        totals[2]++; // in the segment, left out
        return true;
      }
      if (!a.sampled(contact)) return true;
      String arm = a.arm(contact);
      int segs = spec.flow().isPresent() ? 0 : SmsEncoding.cost(a.render(contact, arm, now)).segments();
      perArm.merge(arm, 1L, Long::sum);
      perMessage.merge(arm, segs, Math::max);
      totals[0]++;
      totals[1] += segs;
      return true;
    });
    return new Broadcasts.DryRun(totals[0], perArm, perMessage, totals[1], totals[2]);
  }
}
