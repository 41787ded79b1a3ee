package org.kabambe.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

/** One participant's run of one flow as the rollup tracks it in memory (mirrors a {@code flow_runs} row). */
final class Run {
  enum Status {
    OPEN, COMPLETED, LEFT, DROPPED;

    String label() {
      return name().toLowerCase();
    }
  }

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

  Run(String flowId, String phone, String channel, Instant startedAt, Status status, String lastNode, Instant endedAt,
      String arm, int answers, Set<String> nodes) {
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
  }

  static Run start(String flowId, String phone, String channel, Instant at) {
    return new Run(flowId, phone, channel, at, Status.OPEN, "", null, "", 0, new LinkedHashSet<>());
  }

  RunKey key() {
    return new RunKey(flowId, phone, channel);
  }

  boolean live() {
    return status == Status.OPEN || status == Status.DROPPED;
  }

  static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** Which run an event or answer belongs to: a participant runs a flow on a channel once at a time. */
  record RunKey(String flowId, String phone, String channel) {}
}
