package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.TestDatabases;

/**
 * The timeline's per-day and per-hour figures and the versions' runs, read from the rollup's tables, equal what
 * the raw runs ({@code flow_runs}) say, counted here one by one: distinct participants per period of a flow and of
 * the programme, per channel and without the simulator; a run whose status changes after it was first rolled up;
 * a run that crosses midnight (it counts under its start); and periods whose runs are deleted keep their counts.
 */
@Tag("database")
class TimelineRollupTest {
  static final Instant DAY1 = Instant.parse("2025-03-01T00:00:00Z");
  static final LocalDate FROM = LocalDate.of(2025, 3, 1);
  static final LocalDate TO = LocalDate.of(2025, 3, 4);
  static final String SIMULATOR = "+447700900901";
  static final List<Optional<String>> FLOWS = List.of(Optional.of("survey"), Optional.of("intake"), Optional.empty());
  static final List<Optional<String>> CHANNELS = List.of(Optional.empty(), Optional.of("ussd"), Optional.of("sms"),
      Optional.of(SimulatedNumbers.CHANNEL));

  Database db;

  @BeforeEach
  void open() {
    db = TestDatabases.open();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theRollupsPeriodsEqualTheRawRunsAndKeepTheirCountsWhenRunsAreDeleted() throws Exception {
    var log = new Log();
    // +1: survey on USSD and SMS the same hour, again two hours later, intake the same day, survey the next day.
    log.run("+1", "survey", "ussd", "h1", at(0, 9, 5), 40, "completed");
    log.run("+1", "survey", "sms", "h1", at(0, 9, 30), 20, "completed");
    log.run("+1", "survey", "ussd", "h1", at(0, 11, 0), 0, "left");
    log.run("+1", "intake", "ussd", "i1", at(0, 11, 40), 300, "completed");
    log.run("+1", "survey", "ussd", "h2", at(1, 8, 0), 65, "completed");
    // +2: across midnight (starts day 1 at 23:59:30, completes day 2), then on day 2 in two flows.
    log.run("+2", "survey", "ussd", "h1", at(0, 23, 59).plusSeconds(30), 70, "completed");
    log.run("+2", "survey", "ussd", "h2", at(1, 0, 10), 0, "dropped");
    log.run("+2", "intake", "sms", "i1", at(1, 0, 20), 15, "completed");
    // +3: open at the first rollup, completed after it (its counts move from open to completed).
    log.run("+3", "survey", "sms", "h2", at(1, 9, 0), 0, "open");
    // The simulator: counted on its own channel only.
    log.run(SIMULATOR, "survey", "ussd", "h1", at(0, 9, 10), 30, "completed");
    log.run(SIMULATOR, "intake", "ussd", "i1", at(1, 9, 10), 0, "left");
    log.write(db);
    new Rollup(db, RollupRulesTest.SMALL_BATCHES, Rollup.Listener.NONE).catchUp();
    assertTrue(raw(db).stream().anyMatch(r -> r.phone().equals("+3") && r.status().equals("open")));
    var later = new Log();
    later.event("+3", "survey", "sms", "h2", at(1, 9, 0).plusSeconds(45), "flow_completed", "end");
    // +4 on day 3: a later batch, its own hour.
    later.run("+4", "survey", "ussd", "h2", at(2, 14, 0), 12, "completed");
    later.write(db);
    new Rollup(db, RollupRulesTest.SMALL_BATCHES, Rollup.Listener.NONE).catchUp();

    List<RawRun> runs = raw(db);
    assertTrue(runs.stream().anyMatch(r -> r.phone().equals("+3") && r.status().equals("completed")));
    assertEquals(12, runs.size());
    assertMatchesRaw(db, runs);

    // Day 1's and day 2's runs go (erased, purged): the rollup's periods keep their counts.
    try (var c = db.connection(); var s = c.createStatement()) {
      s.executeUpdate("DELETE FROM flow_runs WHERE start_day < DATE '2025-03-03'");
    }
    assertEquals(1, raw(db).size());
    assertMatchesRaw(db, runs);
  }

  /** Every view of the rollup's tables, against {@code runs} counted one by one. */
  static void assertMatchesRaw(Database db, List<RawRun> runs) {
    var timeline = new Timeline(db);
    for (Optional<String> flow : FLOWS) {
      for (Optional<String> channel : CHANNELS) {
        String what = flow.orElse("programme") + " / " + channel.orElse("all but the simulator");
        assertEquals(expected(runs, flow, channel, r -> r.day().toString(), dayLabels()),
            timeline.days(flow, FROM, TO, channel), what + " by day");
        Instant from = DAY1.plus(8, ChronoUnit.HOURS);
        Instant to = DAY1.plus(40, ChronoUnit.HOURS);
        assertEquals(expected(runs, flow, channel, r -> r.hour().toString(), hourLabels(from, to)),
            timeline.hours(flow, from, to, channel), what + " by hour");
      }
    }
    for (String flow : List.of("survey", "intake")) {
      var byVersion = new HashMap<String, long[]>();
      for (RawRun r : runs) {
        // Runs of an unknown version ('': rolled up before V22) count in no version.
        if (!r.flowId().equals(flow) || r.channel().equals(SimulatedNumbers.CHANNEL) || r.flowHash().isEmpty()) continue;
        long[] n = byVersion.computeIfAbsent(r.flowHash(), k -> new long[2]);
        n[0]++;
        if (r.status().equals("completed")) n[1]++;
      }
      var served = new HashMap<String, long[]>();
      for (var v : new FlowVersions(db).of(flow)) served.put(v.contentHash(), new long[] {v.runs(), v.completed()});
      assertEquals(byVersion.keySet(), served.keySet(), flow);
      byVersion.forEach((hash, n) -> assertEquals(List.of(n[0], n[1]), List.of(served.get(hash)[0],
          served.get(hash)[1]), flow + " " + hash));
      var figures = new Figures(db);
      for (String hash : byVersion.keySet()) {
        long day2 = runs.stream().filter(r -> r.flowId().equals(flow) && r.flowHash().equals(hash)
            && r.day().equals(FROM.plusDays(1)) && !r.channel().equals(SimulatedNumbers.CHANNEL)).count();
        assertEquals(day2, figures.versionRuns(flow, new Period(FROM.plusDays(1), FROM.plusDays(2),
            Optional.empty()), hash), flow + " " + hash + " on day 2");
      }
    }
  }

  private static List<String> dayLabels() {
    var out = new ArrayList<String>();
    for (LocalDate d = FROM; d.isBefore(TO); d = d.plusDays(1)) out.add(d.toString());
    return out;
  }

  private static List<String> hourLabels(Instant from, Instant to) {
    var out = new ArrayList<String>();
    for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) out.add(t.toString());
    return out;
  }

  /** The points the raw runs give, one per label: distinct numbers, runs, completed, left or dropped, median. */
  private static List<TimelinePoint> expected(List<RawRun> runs, Optional<String> flow, Optional<String> channel,
                                              Function<RawRun, String> period, List<String> labels) {
    Map<String, Set<String>> people = new HashMap<>();
    Map<String, long[]> counts = new HashMap<>();
    Map<String, TreeMap<Integer, Long>> durations = new HashMap<>();
    for (RawRun r : runs) {
      if (flow.isPresent() && !flow.get().equals(r.flowId())) continue;
      if (channel.isPresent() ? !channel.get().equals(r.channel()) : r.channel().equals(SimulatedNumbers.CHANNEL)) {
        continue;
      }
      String p = period.apply(r);
      people.computeIfAbsent(p, k -> new HashSet<>()).add(r.phone());
      long[] n = counts.computeIfAbsent(p, k -> new long[3]);
      n[0]++;
      if (r.status().equals("completed")) {
        n[1]++;
        durations.computeIfAbsent(p, k -> new TreeMap<>()).merge(Durations.bucket(r.durationMs()), 1L, Long::sum);
      }
      if (r.status().equals("left") || r.status().equals("dropped")) n[2]++;
    }
    var out = new ArrayList<TimelinePoint>();
    for (String label : labels) {
      long[] n = counts.getOrDefault(label, new long[3]);
      var h = durations.get(label);
      out.add(new TimelinePoint(label, people.getOrDefault(label, Set.of()).size(), n[0], n[1], n[2],
          h == null ? OptionalDouble.empty() : Durations.median(h)));
    }
    return out;
  }

  /** A flow_runs row as read back. */
  record RawRun(String flowId, String phone, String channel, Instant startedAt, String status, long durationMs,
                String flowHash) {
    LocalDate day() {
      return LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    }

    Instant hour() {
      return startedAt.truncatedTo(ChronoUnit.HOURS);
    }
  }

  static List<RawRun> raw(Database db) throws SQLException {
    var out = new ArrayList<RawRun>();
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT flow_id, phone,"
        + " channel, started_at, status, duration_ms, flow_hash FROM flow_runs")) {
      while (rs.next()) {
        out.add(new RawRun(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getLong(6), rs.getString(7)));
      }
    }
    return out;
  }

  static Instant at(int day, int hour, int minute) {
    return DAY1.plus(day, ChronoUnit.DAYS).plus(hour, ChronoUnit.HOURS).plus(minute, ChronoUnit.MINUTES);
  }

  /** Events to write: runs of one screen that complete, are left or dropped, or stay open. */
  static final class Log {
    private final List<Object[]> events = new ArrayList<>();

    void run(String phone, String flow, String channel, String hash, Instant start, int seconds, String outcome) {
      event(phone, flow, channel, hash, start, "session_started", "first");
      event(phone, flow, channel, hash, start, "flow_started", "");
      event(phone, flow, channel, hash, start, "node_shown", "first");
      Instant end = start.plusSeconds(seconds);
      switch (outcome) {
        case "completed" -> {
          event(phone, flow, channel, hash, end, "flow_completed", "end");
          event(phone, flow, channel, hash, end, "session_completed", "end");
        }
        case "left" -> event(phone, flow, channel, hash, end, "session_abandoned", "first");
        case "dropped" -> event(phone, flow, channel, hash, end, "session_dropped", "first");
        case "open" -> { }
        default -> throw new IllegalArgumentException(outcome);
      }
    }

    void event(String phone, String flow, String channel, String hash, Instant at, String type, String node) {
      events.add(new Object[] {SqlTimes.of(at), type, phone, channel, flow, hash, node.isEmpty() ? null : node,
          type.equals("flow_started") ? "version 1" : null});
    }

    void write(Database db) throws SQLException {
      try (Connection c = db.connection(); var s = c.prepareStatement("INSERT INTO events (at, type, phone, channel,"
          + " flow_id, flow_hash, node_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (Object[] e : events) {
          for (int i = 0; i < e.length; i++) s.setObject(i + 1, e[i]);
          s.addBatch();
        }
        s.executeBatch();
      }
    }
  }
}
