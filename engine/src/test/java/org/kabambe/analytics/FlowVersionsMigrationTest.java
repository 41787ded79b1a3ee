package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.store.Dialect;
import org.kabambe.store.Migrations;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.TestDatabases;

/**
 * Flow versions that ran before V21 get their deployment marker from their first run (the migration's backfill);
 * a version recorded later keeps that time, and a new one is recorded when the server says so.
 */
@Tag("database")
class FlowVersionsMigrationTest {
  @TempDir
  Path dir;

  @Test
  void versionsThatRanBeforeV21AreBackfilledFromTheirFirstRun() throws Exception {
    String url = TestDatabases.postgres() ? PostgresServer.shared().newEmptyDatabase()
        : "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath();
    Dialect dialect = Dialect.of(url);
    Flyway.configure().dataSource(url, "kabambe", "").locations(Migrations.locations(dialect)).target("19").load()
        .migrate();
    try (var c = DriverManager.getConnection(url, "kabambe", ""); var s = c.prepareStatement("INSERT INTO events"
        + " (at, type, phone, channel, flow_id, flow_hash, node_id, detail) VALUES (?, ?, ?, 'ussd', ?, ?, NULL, ?)")) {
      Object[][] rows = {
          {"2026-03-02T09:00:00Z", "flow_started", "+254700000001", "poll", "aaa111", "version 1"},
          {"2026-03-01T08:00:00Z", "flow_started", "+254700000002", "poll", "aaa111", "version 1"},
          {"2026-03-05T10:00:00Z", "flow_started", "+254700000001", "poll", "bbb222", "version 2"},
          {"2026-03-01T07:00:00Z", "node_shown", "+254700000001", "poll", "ccc333", ""},
      };
      for (Object[] r : rows) {
        s.setObject(1, org.kabambe.store.SqlTimes.of(Instant.parse((String) r[0])));
        for (int i = 1; i < r.length; i++) s.setString(i + 1, (String) r[i]);
        s.executeUpdate();
      }
      if (dialect == Dialect.H2) c.createStatement().execute("SHUTDOWN");
    }
    String location = dialect == Dialect.H2 ? dir.resolve("old").toString() : url;
    try (Database db = Database.open(location)) {
      assertEquals(List.of("poll aaa111 1 2026-03-01T08:00:00Z", "poll bbb222 2 2026-03-05T10:00:00Z"), versions(db),
          "one row per version that started a run, at its first run");
      new FlowVersions(db).record(List.of(new FlowVersions.Loaded("poll", "bbb222", 2),
          new FlowVersions.Loaded("poll", "ddd444", 3)), Instant.parse("2026-03-09T12:00:00Z"));
      assertEquals(List.of("poll aaa111 1 2026-03-01T08:00:00Z", "poll bbb222 2 2026-03-05T10:00:00Z",
          "poll ddd444 3 2026-03-09T12:00:00Z"), versions(db), "a known version keeps its time");
    }
  }

  private static List<String> versions(Database db) throws Exception {
    var out = new ArrayList<String>();
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT flow_id, content_hash,"
        + " version, first_seen_at FROM flow_versions ORDER BY first_seen_at")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " "
            + rs.getObject(4, java.time.OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }
}
