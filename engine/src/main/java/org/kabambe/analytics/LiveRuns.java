package org.kabambe.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs still open (or dropped and resumable), found by run key and by participant (a leave ends them all).
 * Kept per number as a chain through {@link Run#nextOfPhone} (a number has one live run or a few): with a dropped
 * run staying live for the idle cut-off (a day), there may be hundreds of thousands, so no map per participant.
 */
final class LiveRuns {
  private final Map<String, Run> byPhone = new HashMap<>();

  Run get(Run.RunKey key) {
    for (Run r = byPhone.get(key.phone()); r != null; r = r.nextOfPhone) {
      if (matches(r, key)) return r;
    }
    return null;
  }

  /** Adds {@code run} under {@code key}, replacing any live run with that key. */
  void put(Run.RunKey key, Run run) {
    remove(key);
    run.nextOfPhone = byPhone.get(key.phone());
    byPhone.put(key.phone(), run);
  }

  Run remove(Run.RunKey key) {
    Run head = byPhone.get(key.phone());
    Run previous = null;
    for (Run r = head; r != null; previous = r, r = r.nextOfPhone) {
      if (!matches(r, key)) continue;
      if (previous != null) {
        previous.nextOfPhone = r.nextOfPhone;
      } else if (r.nextOfPhone != null) {
        byPhone.put(key.phone(), r.nextOfPhone);
      } else {
        byPhone.remove(key.phone());
      }
      r.nextOfPhone = null;
      return r;
    }
    return null;
  }

  List<Run> of(String phone, String channel) {
    var out = new ArrayList<Run>(1);
    for (Run r = byPhone.get(phone); r != null; r = r.nextOfPhone) {
      if (r.channel.equals(channel)) out.add(r);
    }
    return out;
  }

  List<Run> idleSince(Instant cutoff) {
    var out = new ArrayList<Run>();
    for (Run head : byPhone.values()) {
      for (Run r = head; r != null; r = r.nextOfPhone) {
        if (r.lastAt.isBefore(cutoff)) out.add(r);
      }
    }
    return out;
  }

  void clear() {
    byPhone.clear();
  }

  private static boolean matches(Run r, Run.RunKey key) {
    return r.flowId.equals(key.flowId()) && r.channel.equals(key.channel());
  }
}
