package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
  /**
   * One participant's runs of one flow, as far as counting goes: a short chain per number (most take part in one
   * flow). Compact on purpose: the cache holds 100,000 numbers, and nested hash sets cost ≈600 bytes a number
   * that the old generation then has to collect as numbers churn through; these arrays hold shared strings.
   */
  static final class Flow {
    final String flowId;
    final Flow next;
    String[] channels = NONE;
    /** The latest start (epoch ms) of a run of theirs per channel (beside {@link #channels}), and on any. */
    long[] channelStarts = NO_STARTS;
    long lastStart = Long.MIN_VALUE;
    /** Arms the participant counts in, on any channel. */
    String[] arms = NONE;
    /** "channel\narm" pairs the participant counts in. */
    String[] channelArms = NONE;
    /** The arm of their latest run that had one: a new run keeps it (the conversation remembers its arms). */
    String lastArm = "";

    Flow(String flowId, Flow next) {
      this.flowId = flowId;
      this.next = next;
    }
  }

  /** One earlier run of a number, as far as counting goes (a {@code flow_runs} row in start order). */
  record PastRun(String phone, String flowId, String channel, String arm, String status, Instant startedAt) {}

  /**
   * Where the earlier runs of numbers not cached are read from: {@code flow_runs} in the batch's transaction
   * ({@link #of(Connection)}), or nowhere ({@link #NOTHING}: a fold over events alone, every number new).
   */
  interface Reader {
    Reader NOTHING = phones -> List.of();

    /** The earlier runs of {@code phones}, in start order. */
    List<PastRun> pastRuns(List<String> phones) throws SQLException;

    static Reader of(Connection c) {
      return phones -> {
        var rows = new ArrayList<PastRun>();
        String sql = "SELECT phone, flow_id, channel, arm, status, started_at FROM flow_runs WHERE phone IN ("
            + String.join(",", Collections.nCopies(phones.size(), "?")) + ") ORDER BY started_at";
        try (var s = c.prepareStatement(sql)) {
          for (int i = 0; i < phones.size(); i++) s.setString(i + 1, phones.get(i));
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              rows.add(new PastRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                  rs.getObject(6, OffsetDateTime.class).toInstant()));
            }
          }
        }
        return rows;
      };
    }
  }

  private static final String[] NONE = new String[0];
  private static final long[] NO_STARTS = new long[0];
  private static final long DAY_MS = 86_400_000L;
  private static final long HOUR_MS = 3_600_000L;
  private static final int IN_CLAUSE = 500;
  private final Map<String, Flow> byPhone;

  RunHistory(int capacity) {
    byPhone = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Flow> eldest) {
        return size() > capacity;
      }
    };
  }

  void clear() {
    byPhone.clear();
  }

  /**
   * A run starts: marks whether it is the participant's first of the flow (and channel), and of its day and hour
   * ({@link Run#FIRST_OF_DAY}); returns the kept arm. A participant's runs reach the rollup in start order (their
   * hops follow one another, the log is read in commit order), so "first of the day" is "their latest start was on
   * another day": one long per flow and channel instead of every day and hour they took part in. (A run read after
   * a later one of the same participant, e.g. clocks of two nodes seconds apart at an hour's end, may count them in
   * its period once more.)
   */
  String started(Reader past, Run run) throws SQLException {
    Flow f = of(past, run.phone, run.flowId);
    long programme = Long.MIN_VALUE;
    long programmeOnChannel = Long.MIN_VALUE;
    for (Flow g = byPhone.get(run.phone); g != null; g = g.next) {
      programme = Math.max(programme, g.lastStart);
      programmeOnChannel = Math.max(programmeOnChannel, startOn(g, run.channel));
    }
    long at = run.startedAt.toEpochMilli();
    long[] earlier = {f.lastStart, startOn(f, run.channel), programme, programmeOnChannel};
    int[] scopes = {Run.IN_FLOW, Run.IN_FLOW_ON_CHANNEL, Run.IN_PROGRAMME, Run.IN_PROGRAMME_ON_CHANNEL};
    for (int i = 0; i < scopes.length; i++) {
      if (!samePeriod(earlier[i], at, DAY_MS)) run.firsts |= Run.FIRST_OF_DAY * scopes[i];
      if (!samePeriod(earlier[i], at, HOUR_MS)) run.firsts |= Run.FIRST_OF_HOUR * scopes[i];
    }
    if (f.channels.length == 0) run.firsts |= Run.FIRST_IN_FLOW;
    if (!contains(f.channels, run.channel)) run.firsts |= Run.FIRST_ON_CHANNEL;
    startedOn(f, run.channel, at);
    return f.lastArm;
  }

  /** Whether an earlier start (MIN_VALUE: none) fell in the same UTC day or hour ({@code length}) as {@code at}. */
  private static boolean samePeriod(long earlier, long at, long length) {
    return earlier != Long.MIN_VALUE && Math.floorDiv(earlier, length) == Math.floorDiv(at, length);
  }

  private static long startOn(Flow f, String channel) {
    for (int i = 0; i < f.channels.length; i++) if (f.channels[i].equals(channel)) return f.channelStarts[i];
    return Long.MIN_VALUE;
  }

  /** Remembers a start of the participant's on {@code channel} (the channel joins their channels if new). */
  private static void startedOn(Flow f, String channel, long at) {
    f.lastStart = Math.max(f.lastStart, at);
    for (int i = 0; i < f.channels.length; i++) {
      if (f.channels[i].equals(channel)) {
        f.channelStarts[i] = Math.max(f.channelStarts[i], at);
        return;
      }
    }
    f.channels = with(f.channels, shared(channel));
    f.channelStarts = Arrays.copyOf(f.channelStarts, f.channelStarts.length + 1);
    f.channelStarts[f.channels.length - 1] = at;
  }

  /** The participant was assigned {@code arm} at a random split. */
  void assigned(Reader past, String phone, String flowId, String arm) throws SQLException {
    of(past, phone, flowId).lastArm = shared(arm);
  }

  /**
   * The run gets {@code arm} (assigned now, or kept from an earlier run). A run dropped before the split counted
   * the participant in "no arm": that count moves with the run (its bits are re-decided for the new arm).
   */
  void assign(Reader past, Run run, String arm) throws SQLException {
    Flow f = of(past, run.phone, run.flowId);
    if ((run.firsts & Run.FIRST_IN_ARM) != 0) f.arms = without(f.arms, run.arm);
    if ((run.firsts & Run.FIRST_IN_ARM_ON_CHANNEL) != 0) f.channelArms = without(f.channelArms, pair(run.channel, run.arm));
    run.firsts &= ~(Run.FIRST_IN_ARM | Run.FIRST_IN_ARM_ON_CHANNEL);
    run.arm = arm;
    settled(past, run);
  }

  /** The run's arm is settled (assigned, or the run ended or was dropped without one): count it there once. */
  void settled(Reader past, Run run) throws SQLException {
    Flow f = of(past, run.phone, run.flowId);
    if (!contains(f.arms, run.arm)) {
      f.arms = with(f.arms, shared(run.arm));
      run.firsts |= Run.FIRST_IN_ARM;
    }
    String pair = pair(run.channel, run.arm);
    if (!contains(f.channelArms, pair)) {
      f.channelArms = with(f.channelArms, shared(pair));
      run.firsts |= Run.FIRST_IN_ARM_ON_CHANNEL;
    }
  }

  /** Loads the numbers not in the cache, in a few queries (instead of one per number when first needed). */
  void prefetch(Reader past, Collection<String> phones) throws SQLException {
    var missing = new ArrayList<String>();
    for (String p : new LinkedHashSet<>(phones)) if (!byPhone.containsKey(p)) missing.add(p);
    for (int i = 0; i < missing.size(); i += IN_CLAUSE) load(past, missing.subList(i, Math.min(missing.size(), i + IN_CLAUSE)));
  }

  private Flow of(Reader past, String phone, String flowId) throws SQLException {
    if (!byPhone.containsKey(phone)) load(past, List.of(phone));
    Flow head = byPhone.get(phone);
    for (Flow f = head; f != null; f = f.next) if (f.flowId.equals(flowId)) return f;
    Flow added = new Flow(shared(flowId), head);
    byPhone.put(phone, added);
    return added;
  }

  private void load(Reader past, List<String> phones) throws SQLException {
    var found = new HashMap<String, Flow>();
    for (PastRun run : past.pastRuns(phones)) {
      String phone = run.phone();
      String flowId = run.flowId();
      Flow f = found.get(phone);
      while (f != null && !f.flowId.equals(flowId)) f = f.next;
      if (f == null) {
        f = new Flow(shared(flowId), found.get(phone));
        found.put(phone, f);
      }
      String channel = run.channel();
      String arm = run.arm();
      startedOn(f, channel, run.startedAt().toEpochMilli());
      if (!arm.isEmpty()) f.lastArm = shared(arm);
      if (!arm.isEmpty() || !run.status().equals("open")) {
        if (!contains(f.arms, arm)) f.arms = with(f.arms, shared(arm));
        String pair = pair(channel, arm);
        if (!contains(f.channelArms, pair)) f.channelArms = with(f.channelArms, shared(pair));
      }
    }
    for (String p : phones) byPhone.put(p, found.get(p)); // null: known to have no runs yet
  }

  /** Channels, arms, flow ids and their pairs: few distinct values (they come from the flows), stored once. */
  private static String shared(String s) {
    return s.intern();
  }

  private static String pair(String channel, String arm) {
    return channel + "\n" + arm;
  }

  private static boolean contains(String[] set, String s) {
    for (String x : set) if (x.equals(s)) return true;
    return false;
  }

  private static String[] with(String[] set, String s) {
    String[] out = Arrays.copyOf(set, set.length + 1);
    out[set.length] = s;
    return out;
  }

  private static String[] without(String[] set, String s) {
    for (int i = 0; i < set.length; i++) {
      if (!set[i].equals(s)) continue;
      String[] out = new String[set.length - 1];
      System.arraycopy(set, 0, out, 0, i);
      System.arraycopy(set, i + 1, out, i, set.length - i - 1);
      return out;
    }
    return set;
  }
}
