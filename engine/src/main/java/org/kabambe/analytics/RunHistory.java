package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rollup knows of participants' earlier runs, so that each run can carry the participant counts it is
 * the first for ({@link Run#firsts}): figures then sum small per-day counters instead of counting distinct numbers
 * over every run. Loaded from {@code flow_runs} by number (a batch at a time, before the batch's events are
 * applied) and kept up to date by the rollup itself, its only writer; a bounded cache, forgotten on any failure.
 *
 * <p>A participant counts in an arm once a run of theirs is assigned it, and in "no arm" once a run of theirs
 * ends, or is dropped, without one (every run starts without an arm, so an open run does not count there yet).
 */
final class RunHistory {
  /** One participant's runs of one flow, as far as counting goes. */
  static final class Flow {
    final Set<String> channels = new HashSet<>(2);
    /** Arms the participant counts in: "arm" for any channel, "channel\narm" per channel. */
    final Set<String> arms = new HashSet<>(4);
    /** The arm of their latest run that had one: a new run keeps it (the conversation remembers its arms). */
    String lastArm = "";
  }

  private static final int IN_CLAUSE = 500;
  private final Map<String, Map<String, Flow>> byPhone;

  RunHistory(int capacity) {
    byPhone = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Map<String, Flow>> eldest) {
        return size() > capacity;
      }
    };
  }

  void clear() {
    byPhone.clear();
  }

  /** A run starts: marks whether it is the participant's first of the flow (and channel); returns the kept arm. */
  String started(Connection c, Run run) throws SQLException {
    Flow f = of(c, run.phone, run.flowId);
    if (f.channels.isEmpty()) run.firsts |= Run.FIRST_IN_FLOW;
    if (f.channels.add(run.channel)) run.firsts |= Run.FIRST_ON_CHANNEL;
    return f.lastArm;
  }

  /** The participant was assigned {@code arm} at a random split. */
  void assigned(Connection c, String phone, String flowId, String arm) throws SQLException {
    of(c, phone, flowId).lastArm = arm;
  }

  /**
   * The run gets {@code arm} (assigned now, or kept from an earlier run). A run dropped before the split counted
   * the participant in "no arm": that count moves with the run (its bits are re-decided for the new arm).
   */
  void assign(Connection c, Run run, String arm) throws SQLException {
    Flow f = of(c, run.phone, run.flowId);
    if ((run.firsts & Run.FIRST_IN_ARM) != 0) f.arms.remove(run.arm);
    if ((run.firsts & Run.FIRST_IN_ARM_ON_CHANNEL) != 0) f.arms.remove(run.channel + "\n" + run.arm);
    run.firsts &= ~(Run.FIRST_IN_ARM | Run.FIRST_IN_ARM_ON_CHANNEL);
    run.arm = arm;
    settled(c, run);
  }

  /** The run's arm is settled (assigned, or the run ended or was dropped without one): count it there once. */
  void settled(Connection c, Run run) throws SQLException {
    Flow f = of(c, run.phone, run.flowId);
    if (f.arms.add(run.arm)) run.firsts |= Run.FIRST_IN_ARM;
    if (f.arms.add(run.channel + "\n" + run.arm)) run.firsts |= Run.FIRST_IN_ARM_ON_CHANNEL;
  }

  /** Loads the numbers not in the cache, in a few queries (instead of one per number when first needed). */
  void prefetch(Connection c, Collection<String> phones) throws SQLException {
    var missing = new ArrayList<String>();
    for (String p : new LinkedHashSet<>(phones)) if (!byPhone.containsKey(p)) missing.add(p);
    for (int i = 0; i < missing.size(); i += IN_CLAUSE) load(c, missing.subList(i, Math.min(missing.size(), i + IN_CLAUSE)));
  }

  private Flow of(Connection c, String phone, String flowId) throws SQLException {
    if (!byPhone.containsKey(phone)) load(c, List.of(phone));
    return byPhone.get(phone).computeIfAbsent(flowId, k -> new Flow());
  }

  private void load(Connection c, List<String> phones) throws SQLException {
    var found = new HashMap<String, Map<String, Flow>>();
    String sql = "SELECT phone, flow_id, channel, arm, status FROM flow_runs WHERE phone IN ("
        + String.join(",", java.util.Collections.nCopies(phones.size(), "?")) + ") ORDER BY started_at";
    try (var s = c.prepareStatement(sql)) {
      for (int i = 0; i < phones.size(); i++) s.setString(i + 1, phones.get(i));
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          Flow f = found.computeIfAbsent(rs.getString(1), k -> new HashMap<>(2))
              .computeIfAbsent(rs.getString(2), k -> new Flow());
          String channel = rs.getString(3);
          String arm = rs.getString(4);
          f.channels.add(channel);
          if (!arm.isEmpty()) f.lastArm = arm;
          if (!arm.isEmpty() || !rs.getString(5).equals("open")) {
            f.arms.add(arm);
            f.arms.add(channel + "\n" + arm);
          }
        }
      }
    }
    for (String p : phones) byPhone.put(p, found.getOrDefault(p, new HashMap<>(2)));
  }
}
