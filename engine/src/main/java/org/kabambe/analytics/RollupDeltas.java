package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kabambe.store.Dialect;
import org.kabambe.store.SqlTimes;

/**
 * What one rollup chunk changes: count increments per table key, runs to rewrite, arms to remember, the cursor.
 * Written in one transaction, so the counts and the cursor always agree.
 */
final class RollupDeltas {
  record FunnelKey(String flowId, LocalDate day, String channel, String nodeId) {}

  record EventKey(String flowId, LocalDate day, String channel, String type) {}

  record AnswerKey(String flowId, LocalDate day, String channel, String language, String arm, String nodeId,
                   String name, String value) {}

  record Arm(String flowId, String phone, String nodeId, String arm) {}

  final Map<FunnelKey, long[]> funnel = new HashMap<>();
  final Map<EventKey, long[]> events = new HashMap<>();
  final Map<AnswerKey, long[]> answers = new HashMap<>();
  final Map<Run.RunKey, Map<java.time.Instant, Run>> runs = new LinkedHashMap<>();
  final List<Arm> arms = new ArrayList<>();

  void reached(Run r, String nodeId) {
    funnel.computeIfAbsent(new FunnelKey(r.flowId, r.startDay, r.channel, nodeId), k -> new long[2])[0]++;
  }

  void left(Run r, int delta) {
    if (r.lastNode.isEmpty()) return; // left before any screen: nothing to attribute it to
    funnel.computeIfAbsent(new FunnelKey(r.flowId, r.startDay, r.channel, r.lastNode), k -> new long[2])[1] += delta;
  }

  void event(String flowId, LocalDate day, String channel, String type) {
    events.computeIfAbsent(new EventKey(flowId, day, channel, type), k -> new long[1])[0]++;
  }

  void answer(AnswerKey key) {
    answers.computeIfAbsent(key, k -> new long[1])[0]++;
  }

  void dirty(Run r) {
    runs.computeIfAbsent(r.key(), k -> new LinkedHashMap<>()).put(r.startedAt, r);
  }

  boolean isEmpty() {
    return funnel.isEmpty() && events.isEmpty() && answers.isEmpty() && runs.isEmpty() && arms.isEmpty();
  }

  /** Writes everything (the caller commits, together with the cursor). */
  void write(Connection c, Dialect dialect) throws SQLException {
    writeRuns(c, dialect);
    increment(c, "UPDATE funnel_daily SET reached = reached + ?, left_count = left_count + ? WHERE flow_id = ? AND on_day = ?"
            + " AND channel = ? AND node_id = ?",
        "INSERT INTO funnel_daily (reached, left_count, flow_id, on_day, channel, node_id) VALUES (?, ?, ?, ?, ?, ?)",
        funnel, (s, k, v) -> {
          s.setLong(1, v[0]);
          s.setLong(2, v[1]);
          s.setString(3, k.flowId());
          s.setObject(4, k.day());
          s.setString(5, k.channel());
          s.setString(6, k.nodeId());
        });
    increment(c, "UPDATE event_daily SET n = n + ? WHERE flow_id = ? AND on_day = ? AND channel = ? AND type = ?",
        "INSERT INTO event_daily (n, flow_id, on_day, channel, type) VALUES (?, ?, ?, ?, ?)", events, (s, k, v) -> {
          s.setLong(1, v[0]);
          s.setString(2, k.flowId());
          s.setObject(3, k.day());
          s.setString(4, k.channel());
          s.setString(5, k.type());
        });
    increment(c, "UPDATE answer_daily SET n = n + ? WHERE flow_id = ? AND on_day = ? AND channel = ? AND language = ?"
            + " AND arm = ? AND node_id = ? AND name = ? AND answer = ?",
        "INSERT INTO answer_daily (n, flow_id, on_day, channel, language, arm, node_id, name, answer)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", answers, (s, k, v) -> {
          s.setLong(1, v[0]);
          s.setString(2, k.flowId());
          s.setObject(3, k.day());
          s.setString(4, k.channel());
          s.setString(5, k.language());
          s.setString(6, k.arm());
          s.setString(7, k.nodeId());
          s.setString(8, k.name());
          s.setString(9, k.value());
        });
    if (!arms.isEmpty()) {
      try (var s = c.prepareStatement(dialect.upsert("participant_arms", List.of("flow_id", "phone", "node_id"),
          List.of("arm")))) {
        for (Arm a : arms) {
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

  private void writeRuns(Connection c, Dialect dialect) throws SQLException {
    if (runs.isEmpty()) return;
    try (var s = c.prepareStatement(dialect.upsert("flow_runs", List.of("flow_id", "phone", "channel", "started_at"),
        List.of("start_day", "status", "last_node", "ended_at", "duration_ms", "arm", "answers", "nodes")))) {
      for (var byStart : runs.values()) {
        for (Run r : byStart.values()) {
          s.setString(1, r.flowId);
          s.setString(2, r.phone);
          s.setString(3, r.channel);
          s.setObject(4, SqlTimes.of(r.startedAt));
          s.setObject(5, r.startDay);
          s.setString(6, r.status.label());
          s.setString(7, r.lastNode);
          if (r.endedAt == null) {
            s.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
            s.setNull(9, Types.BIGINT);
          } else {
            s.setObject(8, SqlTimes.of(r.endedAt));
            s.setLong(9, r.endedAt.toEpochMilli() - r.startedAt.toEpochMilli());
          }
          s.setString(10, r.arm);
          s.setInt(11, r.answers);
          s.setString(12, String.join(",", r.nodes));
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  private interface Binder<K> {
    void bind(PreparedStatement s, K key, long[] values) throws SQLException;
  }

  /** Adds to existing rows; inserts the keys no row had yet. Safe because the rollup is the tables' only writer. */
  private static <K> void increment(Connection c, String update, String insert, Map<K, long[]> deltas,
                                    Binder<K> binder) throws SQLException {
    if (deltas.isEmpty()) return;
    var keys = new ArrayList<>(deltas.keySet());
    int[] updated;
    try (var s = c.prepareStatement(update)) {
      for (K k : keys) {
        binder.bind(s, k, deltas.get(k));
        s.addBatch();
      }
      updated = s.executeBatch();
    }
    try (var s = c.prepareStatement(insert)) {
      boolean any = false;
      for (int i = 0; i < keys.size(); i++) {
        if (updated[i] == 0) {
          binder.bind(s, keys.get(i), deltas.get(keys.get(i)));
          s.addBatch();
          any = true;
        }
      }
      if (any) s.executeBatch();
    }
  }
}
