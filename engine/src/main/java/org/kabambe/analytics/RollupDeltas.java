package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kabambe.store.Dialect;
import org.kabambe.store.SqlTimes;

/**
 * What one rollup batch changes: count increments per table key (summed in memory, so a batch writes one
 * statement per key, in JDBC batches), runs to rewrite, arms to remember. Written in one transaction with the
 * cursors, so the counts and the cursors always agree.
 */
final class RollupDeltas {
  record FunnelKey(String flowId, LocalDate day, String channel, String nodeId) {}

  record VersionFunnelKey(String flowId, String flowHash, LocalDate day, String channel, String nodeId) {}

  record EventKey(String flowId, LocalDate day, String channel, String type) {}

  record AnswerKey(String flowId, LocalDate day, String channel, String language, String arm, String nodeId,
                   String name, String value) {}

  record FieldAnswerKey(String flowId, LocalDate day, String channel, String field, String fieldValue, String nodeId,
                        String name, String value) {}

  /** A pair of one run's final answers to two questions, {@code rowName} sorting before {@code colName}. */
  record PairKey(String flowId, LocalDate day, String channel, String rowName, String rowValue, String colName,
                 String colValue) {}

  record RunDayKey(String flowId, LocalDate day, String channel, String arm) {}

  record DurationKey(String flowId, LocalDate day, String channel, int seconds) {}

  record RunHourKey(String flowId, OffsetDateTime hour, String channel) {}

  record DurationHourKey(String flowId, OffsetDateTime hour, String channel, int seconds) {}

  record RunVersionKey(String flowId, String flowHash, LocalDate day, String channel) {}

  record Arm(String flowId, String phone, String nodeId, String arm) {}

  record ReplyKey(String source, String phone) {}

  record ReplyHourKey(String source, OffsetDateTime hour) {}

  // run_daily columns after the key, in this order.
  private static final int RUNS = 0;
  private static final int COMPLETED = 1;
  private static final int LEFT = 2;
  private static final int OPEN = 3;
  private static final int FIRSTS = 4; // eight columns, one per Run.FIRST_* bit up to the day's (bits 0-7)
  // The columns of the counts, in table order, per table (run_hourly: runs, completed, left, then bits 8-11).
  private static final List<String> RUN_DAILY = List.of("runs", "completed", "left_count", "open_count",
      "new_in_flow", "new_on_channel", "new_in_arm", "new_in_arm_on_channel", "people_in_flow", "people_on_channel",
      "people_in_programme", "people_in_programme_on_channel");
  private static final List<String> RUN_HOURLY = List.of("runs", "completed", "left_count", "people_in_flow",
      "people_on_channel", "people_in_programme", "people_in_programme_on_channel");

  final Map<FunnelKey, long[]> funnel = new HashMap<>();
  final Map<VersionFunnelKey, long[]> versionFunnel = new HashMap<>();
  final Map<EventKey, long[]> events = new HashMap<>();
  final Map<AnswerKey, long[]> answers = new HashMap<>();
  final Map<FieldAnswerKey, long[]> fieldAnswers = new HashMap<>();
  final Map<PairKey, long[]> pairs = new HashMap<>();
  final Map<RunDayKey, long[]> runDays = new HashMap<>();
  final Map<DurationKey, long[]> durations = new HashMap<>();
  final Map<RunHourKey, long[]> runHours = new HashMap<>();
  final Map<DurationHourKey, long[]> durationHours = new HashMap<>();
  final Map<RunVersionKey, long[]> runVersions = new HashMap<>();
  final Map<Run.RunKey, Map<Instant, Run>> runs = new LinkedHashMap<>();
  // One arm per (flow, phone, node), the last assigned in the batch: a participant who starts the flow again in
  // the same batch is assigned again, and PostgreSQL refuses a multi-row upsert that touches a row twice.
  final Map<List<String>, Arm> arms = new LinkedHashMap<>();

  void assigned(Arm a) {
    arms.put(List.of(a.flowId(), a.phone(), a.nodeId()), a);
  }
  final Map<ReplyKey, long[]> replies = new HashMap<>();
  final Map<ReplyHourKey, long[]> replyHours = new HashMap<>();

  void reached(Run r, String nodeId) {
    funnel(r, nodeId)[0]++;
    versionFunnel(r, nodeId)[0]++;
  }

  void left(Run r, int delta) {
    if (r.lastNode.isEmpty()) return; // left before any screen: nothing to attribute it to
    funnel(r, r.lastNode)[1] += delta;
    versionFunnel(r, r.lastNode)[1] += delta;
  }

  private long[] funnel(Run r, String nodeId) {
    return funnel.computeIfAbsent(new FunnelKey(r.flowId, r.startDay, r.channel, nodeId), k -> new long[2]);
  }

  /** A run of unknown version (rolled up before versions were kept) counts in the funnel only: a scratch cell. */
  private long[] versionFunnel(Run r, String nodeId) {
    if (r.flowHash.isEmpty()) return new long[2];
    return versionFunnel.computeIfAbsent(new VersionFunnelKey(r.flowId, r.flowHash, r.startDay, r.channel, nodeId),
        k -> new long[2]);
  }

  void event(String flowId, LocalDate day, String channel, String type) {
    events.computeIfAbsent(new EventKey(flowId, day, channel, type), k -> new long[1])[0]++;
  }

  /** Counts (+1) or un-counts (-1) an answer in every cell it belongs to. */
  void answer(String flowId, String channel, CountedAnswer a, int delta) {
    answers.computeIfAbsent(new AnswerKey(flowId, a.day(), channel, a.language(), a.arm(), a.nodeId(), a.name(),
        a.value()), k -> new long[1])[0] += delta;
    a.fields().forEach((field, v) -> fieldAnswers.computeIfAbsent(new FieldAnswerKey(flowId, a.day(), channel, field,
        v, a.nodeId(), a.name(), a.value()), k -> new long[1])[0] += delta);
  }

  /** Counts (+1) or un-counts (-1) run {@code r}'s pair of answers {@code a} and {@code b}, on its start day. */
  void pair(Run r, CountedAnswer a, CountedAnswer b, int delta) {
    boolean aFirst = a.name().compareTo(b.name()) < 0;
    CountedAnswer row = aFirst ? a : b;
    CountedAnswer col = aFirst ? b : a;
    pairs.computeIfAbsent(new PairKey(r.flowId, r.startDay, r.channel, row.name(), row.value(), col.name(),
        col.value()), k -> new long[1])[0] += delta;
  }

  /** A reply (or an opt-out) at {@code at} to a broadcast or campaign message: per number, and in its UTC hour. */
  void reply(String source, String phone, Instant at, boolean optOut) {
    replies.computeIfAbsent(new ReplyKey(source, phone), k -> new long[2])[optOut ? 1 : 0]++;
    replyHours.computeIfAbsent(new ReplyHourKey(source, SqlTimes.of(at.truncatedTo(ChronoUnit.HOURS))),
        k -> new long[2])[optOut ? 1 : 0]++;
  }

  void dirty(Run r) {
    runs.computeIfAbsent(r.key(), k -> new LinkedHashMap<>()).put(r.startedAt, r);
  }

  /** Writes everything (the caller commits, together with the cursors). */
  void write(Connection c, Dialect dialect) throws SQLException {
    tallyRuns();
    writeRuns(c, dialect);
    increment(c, "funnel_daily", List.of("flow_id", "on_day", "channel", "node_id"), List.of("reached", "left_count"),
        funnel, k -> List.of(k.flowId(), k.day(), k.channel(), k.nodeId()));
    increment(c, "funnel_version_daily", List.of("flow_id", "flow_hash", "on_day", "channel", "node_id"),
        List.of("reached", "left_count"), versionFunnel, k -> List.of(k.flowId(), k.flowHash(), k.day(), k.channel(),
            k.nodeId()));
    increment(c, "event_daily", List.of("flow_id", "on_day", "channel", "type"), List.of("n"), events,
        k -> List.of(k.flowId(), k.day(), k.channel(), k.type()));
    increment(c, "answer_daily", List.of("flow_id", "on_day", "channel", "language", "arm", "node_id", "name",
        "answer"), List.of("n"), answers, k -> List.of(k.flowId(), k.day(), k.channel(), k.language(), k.arm(),
        k.nodeId(), k.name(), k.value()));
    increment(c, "answer_field_daily", List.of("flow_id", "on_day", "channel", "field", "field_value", "node_id",
        "name", "answer"), List.of("n"), fieldAnswers, k -> List.of(k.flowId(), k.day(), k.channel(), k.field(),
        k.fieldValue(), k.nodeId(), k.name(), k.value()));
    increment(c, "answer_pair_daily", List.of("flow_id", "on_day", "channel", "row_name", "row_value", "col_name",
        "col_value"), List.of("n"), pairs, k -> List.of(k.flowId(), k.day(), k.channel(), k.rowName(), k.rowValue(),
        k.colName(), k.colValue()));
    increment(c, "run_daily", List.of("flow_id", "on_day", "channel", "arm"), RUN_DAILY, runDays,
        k -> List.of(k.flowId(), k.day(), k.channel(), k.arm()));
    increment(c, "duration_daily", List.of("flow_id", "on_day", "channel", "seconds"), List.of("n"), durations,
        k -> List.of(k.flowId(), k.day(), k.channel(), k.seconds()));
    increment(c, "run_hourly", List.of("flow_id", "on_hour", "channel"), RUN_HOURLY, runHours,
        k -> List.of(k.flowId(), k.hour(), k.channel()));
    increment(c, "duration_hourly", List.of("flow_id", "on_hour", "channel", "seconds"), List.of("n"), durationHours,
        k -> List.of(k.flowId(), k.hour(), k.channel(), k.seconds()));
    increment(c, "run_version_daily", List.of("flow_id", "flow_hash", "on_day", "channel"), List.of("runs",
        "completed"), runVersions, k -> List.of(k.flowId(), k.flowHash(), k.day(), k.channel()));
    increment(c, "source_replies", List.of("source", "phone"), List.of("replies", "opt_outs"), replies,
        k -> List.of(k.source(), k.phone()));
    increment(c, "source_reply_hours", List.of("source", "on_hour"), List.of("replies", "opt_outs"), replyHours,
        k -> List.of(k.source(), k.hour()));
    if (!arms.isEmpty()) {
      try (var s = c.prepareStatement(dialect.upsert("participant_arms", List.of("flow_id", "phone", "node_id"),
          List.of("arm")))) {
        for (Arm a : arms.values()) {
          s.setString(1, a.flowId());
          s.setString(2, a.phone());
          s.setString(3, a.nodeId());
          s.setString(4, a.arm());
          s.addBatch();
        }
        s.executeBatch();
      }
    }
  }

  /** Moves each rewritten run's counts from what it added last time to what it adds now (again: no change). */
  void tallyRuns() {
    for (var byStart : runs.values()) {
      for (Run r : byStart.values()) {
        Run.Tally now = r.tally();
        if (now.equals(r.counted)) continue;
        if (r.counted != null) tally(r, r.counted, -1);
        tally(r, now, 1);
        r.counted = now;
      }
    }
  }

  /**
   * Adds ({@code sign} 1) or takes back (-1) what a run contributes: per start day and arm, per start hour, per
   * version and day (runs of an unknown version, '', count in none), and its time to complete in both histograms.
   */
  private void tally(Run r, Run.Tally t, int sign) {
    long[] v = runDays.computeIfAbsent(new RunDayKey(r.flowId, r.startDay, r.channel, t.arm()),
        k -> new long[RUN_DAILY.size()]);
    v[RUNS] += sign;
    switch (t.status()) {
      case COMPLETED -> v[COMPLETED] += sign;
      case LEFT, DROPPED -> v[LEFT] += sign;
      case OPEN -> v[OPEN] += sign;
    }
    for (int bit = 0; bit < 8; bit++) {
      if ((t.firsts() & (1 << bit)) != 0) v[FIRSTS + bit] += sign;
    }
    OffsetDateTime hour = SqlTimes.of(r.startedAt.truncatedTo(ChronoUnit.HOURS));
    long[] h = runHours.computeIfAbsent(new RunHourKey(r.flowId, hour, r.channel), k -> new long[RUN_HOURLY.size()]);
    h[RUNS] += sign;
    if (t.status() == Run.Status.COMPLETED) h[COMPLETED] += sign;
    if (t.status() == Run.Status.LEFT || t.status() == Run.Status.DROPPED) h[LEFT] += sign;
    for (int bit = 8; bit < 12; bit++) {
      if ((t.firsts() & (1 << bit)) != 0) h[LEFT + bit - 7] += sign;
    }
    if (!r.flowHash.isEmpty()) {
      long[] n = runVersions.computeIfAbsent(new RunVersionKey(r.flowId, r.flowHash, r.startDay, r.channel),
          k -> new long[2]);
      n[RUNS] += sign;
      if (t.status() == Run.Status.COMPLETED) n[COMPLETED] += sign;
    }
    if (t.durationBucket() >= 0) {
      durations.computeIfAbsent(new DurationKey(r.flowId, r.startDay, r.channel, t.durationBucket()),
          k -> new long[1])[0] += sign;
      durationHours.computeIfAbsent(new DurationHourKey(r.flowId, hour, r.channel, t.durationBucket()),
          k -> new long[1])[0] += sign;
    }
  }

  /**
   * Upserts the rewritten runs. (Not an INSERT for runs new to this batch: a flow called twice in one hop starts
   * two runs at the same instant, one row, and an INSERT of the second would fail the batch for good.)
   */
  private void writeRuns(Connection c, Dialect dialect) throws SQLException {
    if (runs.isEmpty()) return;
    try (var s = c.prepareStatement(dialect.upsert("flow_runs", List.of("flow_id", "phone", "channel", "started_at"),
        List.of("start_day", "status", "last_node", "ended_at", "duration_ms", "arm", "answers", "nodes", "firsts",
            "answered", "flow_hash")))) {
      for (var byStart : runs.values()) {
        for (Run r : byStart.values()) {
          s.setString(1, r.flowId);
          s.setString(2, r.phone);
          s.setString(3, r.channel);
          s.setObject(4, SqlTimes.of(r.startedAt));
          bindRun(s, r, 5);
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  /** The run's non-key columns, from parameter {@code i} on. */
  private static void bindRun(PreparedStatement s, Run r, int i) throws SQLException {
    s.setObject(i, r.startDay);
    s.setString(i + 1, r.status.label());
    s.setString(i + 2, r.lastNode);
    if (r.endedAt == null) {
      s.setNull(i + 3, Types.TIMESTAMP_WITH_TIMEZONE);
      s.setNull(i + 4, Types.BIGINT);
    } else {
      s.setObject(i + 3, SqlTimes.of(r.endedAt));
      s.setLong(i + 4, r.endedAt.toEpochMilli() - r.startedAt.toEpochMilli());
    }
    s.setString(i + 5, r.arm);
    s.setInt(i + 6, r.answers);
    s.setString(i + 7, r.nodesText());
    s.setInt(i + 8, r.firsts);
    // Only a live run can still get a replacing answer (a closed one is never loaded again).
    s.setString(i + 9, r.live() ? CountedAnswer.encode(r.countedAnswers()) : "");
    s.setString(i + 10, r.flowHash);
  }

  /** A key's column values, in the order of the table's key columns. */
  private interface KeyColumns<K> {
    List<Object> of(K key);
  }

  /**
   * Adds each key's deltas to its row, inserting the rows that do not exist yet: one UPDATE per key in a JDBC
   * batch, then one INSERT per key the UPDATE missed. Safe because the rollup is these tables' only writer.
   */
  private static <K> void increment(Connection c, String table, List<String> keys, List<String> counters,
                                    Map<K, long[]> deltas, KeyColumns<K> key) throws SQLException {
    var changed = new ArrayList<Map.Entry<K, long[]>>();
    for (var e : deltas.entrySet()) {
      for (long d : e.getValue()) {
        if (d != 0) {
          changed.add(e);
          break;
        }
      }
    }
    if (changed.isEmpty()) return;
    String update = "UPDATE " + table + " SET " + String.join(", ", counters.stream().map(n -> n + " = " + n + " + ?")
        .toList()) + " WHERE " + String.join(" AND ", keys.stream().map(k -> k + " = ?").toList());
    int[] updated;
    try (var s = c.prepareStatement(update)) {
      for (var e : changed) {
        long[] v = e.getValue();
        for (int i = 0; i < counters.size(); i++) s.setLong(i + 1, v[i]);
        bind(s, counters.size() + 1, key.of(e.getKey()));
        s.addBatch();
      }
      updated = s.executeBatch();
    }
    var columns = new ArrayList<>(counters);
    columns.addAll(keys);
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    try (var s = c.prepareStatement(insert)) {
      boolean any = false;
      for (int i = 0; i < changed.size(); i++) {
        if (updated[i] != 0) continue;
        long[] v = changed.get(i).getValue();
        for (int j = 0; j < counters.size(); j++) s.setLong(j + 1, v[j]);
        bind(s, counters.size() + 1, key.of(changed.get(i).getKey()));
        s.addBatch();
        any = true;
      }
      if (any) s.executeBatch();
    }
  }

  private static void bind(PreparedStatement s, int first, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) s.setObject(first + i, values.get(i));
  }
}
