package org.kabambe.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

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

  final String flowId;
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
  final Set<String> nodes;
  /** Which participant counts this run carries (bits above): participants are counted by summing them per day. */
  int firsts;
  /** The final answer counted per question (node + name) so far: a new answer to the same question replaces it. */
  final Map<String, CountedAnswer> answered;
  /** What this run added to run_daily / duration_daily as of the last write (null: nothing yet). */
  Tally counted;

  Run(String flowId, String phone, String channel, Instant startedAt, Status status, String lastNode, Instant endedAt,
      String arm, int answers, Set<String> nodes, int firsts, Map<String, CountedAnswer> answered) {
    this.flowId = flowId;
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
    this.firsts = firsts;
    this.answered = answered;
  }

  static Run start(String flowId, String phone, String channel, Instant at) {
    return new Run(flowId, phone, channel, at, Status.OPEN, "", null, "", 0, new LinkedHashSet<>(), 0,
        new LinkedHashMap<>());
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
