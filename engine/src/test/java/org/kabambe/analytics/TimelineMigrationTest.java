package org.kabambe.analytics;

import static org.kabambe.analytics.TimelineRollupTest.SIMULATOR;
import static org.kabambe.analytics.TimelineRollupTest.at;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.store.Dialect;
import org.kabambe.store.Migrations;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.TestDatabases;

/**
 * A database rolled up before V28 gets its timeline and version tables backfilled from {@code flow_runs} (not from
 * events, which retention may have purged): the views then equal the raw runs, and runs rolled up afterwards by
 * the same participants in the same periods do not count them twice.
 */
@Tag("database")
class TimelineMigrationTest {
  @TempDir
  Path dir;

  /** A run as V27 kept it. */
  record OldRun(String phone, String flowId, String channel, String hash, Instant start, String status, int seconds) {}

  static final List<OldRun> RUNS = List.of(
      new OldRun("+1", "survey", "ussd", "h1", at(0, 9, 5), "completed", 40),
      new OldRun("+1", "survey", "sms", "h1", at(0, 9, 30), "completed", 20),
      new OldRun("+1", "intake", "ussd", "i1", at(0, 9, 30), "left", 5), // the same instant in another flow
      new OldRun("+1", "survey", "ussd", "h1", at(0, 11, 0), "left", 0),
      new OldRun("+1", "survey", "ussd", "h2", at(1, 8, 0), "completed", 700),
      new OldRun("+2", "survey", "ussd", "h1", at(0, 23, 59).plusSeconds(30), "completed", 70),
      new OldRun("+2", "survey", "ussd", "", at(1, 0, 10), "dropped", 0), // rolled up before versions were kept
      new OldRun("+2", "intake", "sms", "i1", at(1, 0, 20), "completed", 4_000),
      new OldRun("+3", "survey", "sms", "h2", at(1, 9, 0), "open", 0),
      new OldRun(SIMULATOR, "survey", SimulatedNumbers.CHANNEL, "h1", at(0, 9, 10), "completed", 30));

  @Test
  void theTimelineTablesAreBackfilledFromTheRuns() throws Exception {
    String url = TestDatabases.postgres() ? PostgresServer.shared().newEmptyDatabase()
        : "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath();
    Dialect dialect = Dialect.of(url);
    Flyway.configure().dataSource(url, "kabambe", "").locations(Migrations.locations(dialect)).target("27").load()
        .migrate();
    try (var c = DriverManager.getConnection(url, "kabambe", "")) {
      insertRuns(c);
      insertDays(c);
      if (dialect == Dialect.H2) c.createStatement().execute("SHUTDOWN");
    }
    try (Database db = Database.open(dialect == Dialect.H2 ? dir.resolve("old").toString() : url)) {
      TimelineRollupTest.assertMatchesRaw(db, TimelineRollupTest.raw(db));
      // After the migration, the same people again (later, as the log goes) in periods they were counted in.
      var log = new TimelineRollupTest.Log();
      log.run("+1", "survey", "ussd", "h2", at(1, 8, 30), 10, "completed");
      log.run("+2", "intake", "ussd", "i1", at(1, 0, 40), 10, "completed");
      log.run("+4", "survey", "sms", "h2", at(1, 9, 20), 10, "left");
      log.write(db);
      new Rollup(db, RollupRulesTest.SMALL_BATCHES, Rollup.Listener.NONE).catchUp();
      TimelineRollupTest.assertMatchesRaw(db, TimelineRollupTest.raw(db));
    }
  }

  private static void insertRuns(Connection c) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO flow_runs (flow_id, phone, channel, started_at, start_day, status,"
        + " last_node, ended_at, duration_ms, arm, answers, nodes, firsts, answered, flow_hash)"
        + " VALUES (?, ?, ?, ?, ?, ?, 'first', ?, ?, '', 0, 'first', 0, '', ?)")) {
      for (OldRun r : RUNS) {
        s.setString(1, r.flowId());
        s.setString(2, r.phone());
        s.setString(3, r.channel());
        s.setObject(4, SqlTimes.of(r.start()));
        s.setObject(5, Run.day(r.start()));
        s.setString(6, r.status());
        boolean ended = r.status().equals("completed") || r.status().equals("left");
        s.setObject(7, ended ? SqlTimes.of(r.start().plusSeconds(r.seconds())) : null, Types.TIMESTAMP_WITH_TIMEZONE);
        if (ended) {
          s.setLong(8, r.seconds() * 1000L);
        } else {
          s.setNull(8, Types.BIGINT);
        }
        s.setString(9, r.hash());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** run_daily and duration_daily as V27's rollup kept them (the figures the migration does not recount). */
  private static void insertDays(Connection c) throws SQLException {
    Map<List<Object>, long[]> days = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    Map<List<Object>, long[]> durations = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (OldRun r : RUNS) {
      List<Object> key = List.of(r.flowId(), Run.day(r.start()), r.channel());
      long[] n = days.computeIfAbsent(key, k -> new long[4]);
      n[0]++;
      switch (r.status()) {
        case "completed" -> n[1]++;
        case "left", "dropped" -> n[2]++;
        default -> n[3]++;
      }
      if (r.status().equals("completed")) {
        var bucket = new ArrayList<>(key);
        bucket.add(Durations.bucket(r.seconds() * 1000L));
        durations.computeIfAbsent(bucket, k -> new long[1])[0]++;
      }
    }
    try (var s = c.prepareStatement("INSERT INTO run_daily (flow_id, on_day, channel, arm, runs, completed,"
        + " left_count, open_count, new_in_flow, new_on_channel, new_in_arm, new_in_arm_on_channel)"
        + " VALUES (?, ?, ?, '', ?, ?, ?, ?, 0, 0, 0, 0)")) {
      for (var e : days.entrySet()) {
        for (int i = 0; i < 3; i++) s.setObject(i + 1, e.getKey().get(i));
        for (int i = 0; i < 4; i++) s.setLong(i + 4, e.getValue()[i]);
        s.addBatch();
      }
      s.executeBatch();
    }
    try (var s = c.prepareStatement("INSERT INTO duration_daily (flow_id, on_day, channel, seconds, n)"
        + " VALUES (?, ?, ?, ?, ?)")) {
      for (var e : durations.entrySet()) {
        for (int i = 0; i < 4; i++) s.setObject(i + 1, e.getKey().get(i));
        s.setLong(5, e.getValue()[0]);
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
