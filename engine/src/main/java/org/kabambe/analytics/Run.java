package org.kabambe.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One participant's run of one flow as the rollup tracks it in memory (mirrors a {@code flow_runs} row). */
final class Run {
  enum Status {
    OPEN, COMPLETED, LEFT, DROPPED;

    String label() {
      return name().toLowerCase();
    }
  }

  /** {@link #firsts} bits: the participant's first run of the flow, on the channel, in the arm, in the arm there. */
  static final int FIRST_IN_FLOW = 1;
  static final int FIRST_ON_CHANNEL = 2;
  static final int FIRST_IN_ARM = 4;
  static final int FIRST_IN_ARM_ON_CHANNEL = 8;
  /**
   * The participant's first run that UTC day (bits 4-7) and that UTC hour (bits 8-11): of the flow, of the flow on
   * the channel, of any flow, of any flow on the channel. Summed per day or hour they are the period's distinct
   * participants (the timeline's), without counting distinct numbers over the period's runs at request time.
   */
  static final int FIRST_OF_DAY = 16;
  static final int FIRST_OF_HOUR = 256;
  static final int IN_FLOW = 1;
  static final int IN_FLOW_ON_CHANNEL = 2;
  static final int IN_PROGRAMME = 4;
  static final int IN_PROGRAMME_ON_CHANNEL = 8;

  final String flowId;
  /** The flow version (content hash) the run started on; '' for runs rolled up before versions were kept. */
  final String flowHash;
  final String phone;
  final String channel;
  final Instant startedAt;
  final LocalDate startDay;
  Status status;
  String lastNode;
  Instant lastAt;
  Instant endedAt;
  String arm;
  int answers;
  /** The nodes this run reached (node ids are interned: a flow has a few dozen; open runs may be 100,000s). */
  private String[] nodes;
  /** Which participant counts this run carries (bits above): participants are counted by summing them per day. */
  int firsts;
  /**
   * The final answer counted per question (node + name) so far: a new answer to the same question replaces it.
   * Null until the first answer (many runs are dropped before one).
   */
  private Map<String, CountedAnswer> answered;
  /** The participant's next live run, in {@link LiveRuns}' chain per number. */
  Run nextOfPhone;
  /** What this run added to run_daily / duration_daily as of the last write (null: nothing yet). */
  Tally counted;

  Run(String flowId, String flowHash, String phone, String channel, Instant startedAt, Status status, String lastNode, Instant endedAt,
      String arm, int answers, String[] nodes, int firsts, Map<String, CountedAnswer> answered) {
    this.flowId = flowId;
    this.flowHash = flowHash;
    this.phone = phone;
    this.channel = channel;
    this.startedAt = startedAt;
    this.startDay = day(startedAt);
    this.status = status;
    this.lastNode = lastNode;
    this.lastAt = endedAt == null ? startedAt : endedAt;
    this.endedAt = endedAt;
    this.arm = arm;
    this.answers = answers;
    this.nodes = nodes;
    for (int i = 0; i < nodes.length; i++) nodes[i] = nodes[i].intern();
    this.firsts = firsts;
    this.answered = answered.isEmpty() ? null : answered;
  }

  static Run start(String flowId, String flowHash, String phone, String channel, Instant at) {
    return new Run(flowId, flowHash, phone, channel, at, Status.OPEN, "", null, "", 0, new String[0], 0, Map.of());
  }

  /** Records that the run reached {@code node}; true the first time. */
  boolean reach(String node) {
    for (String n : nodes) if (n.equals(node)) return false;
    nodes = Arrays.copyOf(nodes, nodes.length + 1);
    nodes[nodes.length - 1] = node.intern();
    return true;
  }

  /** The reached nodes, comma-separated (for {@code flow_runs.nodes}). */
  String nodesText() {
    return String.join(",", nodes);
  }

  /** Counts {@code a} as the run's answer to its question; returns the answer it replaces, or null. */
  CountedAnswer answer(CountedAnswer a) {
    if (answered == null) answered = new LinkedHashMap<>(4);
    return answered.put(a.question(), a);
  }

  Collection<CountedAnswer> countedAnswers() {
    return answered == null ? List.of() : answered.values();
  }

  RunKey key() {
    return new RunKey(flowId, phone, channel);
  }

  boolean live() {
    return status == Status.OPEN || status == Status.DROPPED;
  }

  /** What the run contributes to the daily counters now. */
  Tally tally() {
    int bucket = status == Status.COMPLETED && endedAt != null
        ? Durations.bucket(endedAt.toEpochMilli() - startedAt.toEpochMilli()) : -1;
    return new Tally(arm, status, firsts, bucket);
  }

  static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** Which run an event or answer belongs to: a participant runs a flow on a channel once at a time. */
  record RunKey(String flowId, String phone, String channel) {}

  /** A run's contribution to {@code run_daily} (under its arm) and {@code duration_daily} (bucket, or -1). */
  record Tally(String arm, Status status, int firsts, int durationBucket) {}
}
