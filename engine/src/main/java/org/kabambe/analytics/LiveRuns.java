package org.kabambe.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The runs still open (or dropped and resumable), found by run key and by participant (a leave ends them all). */
final class LiveRuns {
  private final Map<String, Map<String, Run>> byParticipant = new HashMap<>();

  Run get(Run.RunKey key) {
    var runs = byParticipant.get(participant(key.phone(), key.channel()));
    return runs == null ? null : runs.get(key.flowId());
  }

  void put(Run.RunKey key, Run run) {
    byParticipant.computeIfAbsent(participant(key.phone(), key.channel()), k -> new HashMap<>(2)).put(key.flowId(), run);
  }

  Run remove(Run.RunKey key) {
    String p = participant(key.phone(), key.channel());
    var runs = byParticipant.get(p);
    if (runs == null) return null;
    Run removed = runs.remove(key.flowId());
    if (runs.isEmpty()) byParticipant.remove(p);
    return removed;
  }

  List<Run> of(String phone, String channel) {
    var runs = byParticipant.get(participant(phone, channel));
    return runs == null ? List.of() : new ArrayList<>(runs.values());
  }

  List<Run> idleSince(Instant cutoff) {
    var out = new ArrayList<Run>();
    for (var runs : byParticipant.values()) {
      for (Run r : runs.values()) {
        if (r.lastAt.isBefore(cutoff)) out.add(r);
      }
    }
    return out;
  }

  void clear() {
    byParticipant.clear();
  }

  private static String participant(String phone, String channel) {
    return phone + "\n" + channel;
  }
}
