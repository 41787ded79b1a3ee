package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kabambe.broadcast.BroadcastSpec;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.outbox.OutboxSender;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.Sql;

/**
 * Two servers on one PostgreSQL database and one SMSC account: one runs the broadcast stepper and the bind's sender,
 * the other waits; when the first loses its lock session mid-broadcast (as when its process dies), the second takes
 * over within seconds, settles what the first left unrecorded by the crash rule, and finishes the broadcast: every
 * contact is sent the broadcast once, none twice.
 */
class TwoNodesTest {
  static final int CONTACTS = 500;
  static final String BIND = "smpp:main";

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS) // a ceiling: 43-100 s with the machine at load 25-50
  void theOtherNodeFinishesTheBroadcastOfALeaderThatDied() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (var smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret"));
         var admin = Database.open(url)) {
      seed(admin);
      String bind = smsc.url("tps=200&window=8&reconnect_min=50ms");
      try (var a = start(url, "a", bind); var b = start(url, "b", bind)) {
        Eventually.until("node a's bind", Duration.ofSeconds(15), a::smsReady);
        assertTrue(a.singletons().held().containsAll(List.of("broadcasts", "campaigns", "flow-starts", "rollup",
            "sms-timeouts", BIND)), "the first node runs every job: " + a.singletons().held());
        JsonObject healthB = health(b);
        assertEquals("b", healthB.getString("node"));
        assertTrue(healthB.getJsonArray("singletons").isEmpty(), "the second node waits: " + healthB);
        assertTrue(metrics(a).contains("kabambe_singleton_held{singleton=\"smpp:main\"} 1.0"), "a's gauge");
        assertTrue(metrics(b).contains("kabambe_singleton_held{singleton=\"smpp:main\"} 0.0"), "b's gauge");

        var broadcasts = new Broadcasts(admin,
            () -> CatalogLoader.structureOnly().load(List.of(Path.of("../flows"))), Clock.systemUTC());
        long id = broadcasts.create(new BroadcastSpec(Map.of("", "Clinic days are Tuesdays"), List.of(),
            Optional.empty(), Optional.empty(), 1, Optional.empty()), "test");
        Eventually.until("the broadcast under way", Duration.ofSeconds(20), () -> smsc.received().size() >= 100);
        // What a node that died mid-submit leaves behind: a claim with no result. Only a taker-over settles it.
        long ghost = leftoverClaim(admin);
        endLockSession(admin, "a");

        Eventually.until("node b takes over the bind and the stepper", Duration.ofSeconds(10),
            () -> b.singletons().held().containsAll(List.of("broadcasts", BIND)));
        // Node a learns its session is gone at its next check (within a period), whoever's round comes first.
        Eventually.until("node a stops", Duration.ofSeconds(5),
            () -> !a.singletons().holds(BIND) && !a.singletons().holds("broadcasts"));
        boolean settled = Eventually.within(Duration.ofSeconds(30), () -> broadcasts.progress(id).orElseThrow()
            .status().equals("done") && Sql.count(admin,
            "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'submitting')") == 0);
        assertTrue(settled, "the broadcast done and every row settled: "
            + broadcasts.progress(id).orElseThrow().toJson() + ", outbox " + statuses(admin) + ", SMSC "
            + smsc.received().size() + ", b holds " + b.singletons().held());
        assertEquals(OutboxSender.OUTCOME_UNKNOWN, text(admin, "SELECT error FROM outbox WHERE id = " + ghost
            + " AND status = 'failed'"), "the leftover claim meets the crash rule: failed, never resent");
        assertSentOnce(admin, smsc);
        assertTrue(health(b).getJsonArray("singletons").getList().contains(BIND));
      }
    }
  }

  private static KabambeServer start(String url, String node, String bind) throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), UssdClient.DEMO_FLOWS, url,
        Optional.empty(), List.of(bind), Optional.empty(), Database.DEFAULT_POOL_SIZE, Optional.of(node)));
  }

  private static void seed(Database db) throws SQLException {
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, opted_out, "
        + "created_at) VALUES (?, 'en', FALSE, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < CONTACTS; i++) {
        s.setString(1, String.format("+2547%08d", i));
        s.setObject(2, SqlTimes.of(java.time.Instant.now()));
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
    }
  }

  private static long leftoverClaim(Database db) throws SQLException {
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, provider,"
        + " claimed_by, attempts, created_at, updated_at, next_attempt_at) VALUES ('+254799999999', 'ghost',"
        + " 'submitting', ?, 'a-dead-node', 1, ?, ?, ?)", new String[] {"id"})) {
      var now = SqlTimes.of(java.time.Instant.now());
      s.setString(1, BIND);
      s.setObject(2, now);
      s.setObject(3, now);
      s.setObject(4, now);
      s.executeUpdate();
      try (var keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Ends node {@code node}'s lock session, as PostgreSQL does when that node's process dies. */
  private static void endLockSession(Database db, String node) throws SQLException {
    assertEquals(1, Sql.count(db, "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        + " WHERE application_name = 'kabambe singletons " + node + "') t"));
  }

  /** Each contact received the broadcast once; a row failed by the crash rule at most once; none twice. */
  private static void assertSentOnce(Database db, SmscSimulator smsc) throws SQLException {
    Map<String, Integer> copies = new HashMap<>();
    smsc.received().forEach(m -> copies.merge(m.to().replace("+", ""), 1, Integer::sum));
    List<String> problems = new ArrayList<>();
    int rows = 0;
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT phone, status, error FROM outbox WHERE text <> 'ghost'")) {
      while (rs.next()) {
        rows++;
        int n = copies.getOrDefault(rs.getString(1).replace("+", ""), 0);
        boolean ok = switch (rs.getString(2)) {
          case "submitted", "delivered" -> n == 1;
          case "failed" -> n <= 1 && OutboxSender.OUTCOME_UNKNOWN.equals(rs.getString(3));
          default -> false;
        };
        if (!ok) problems.add(rs.getString(1) + ": " + rs.getString(2) + " (" + rs.getString(3) + "), " + n + "x");
      }
    }
    assertEquals(CONTACTS, rows, "one outbox row per contact");
    assertTrue(problems.isEmpty(), problems.size() + " not sent exactly once: "
        + problems.subList(0, Math.min(10, problems.size())));
    assertTrue(copies.values().stream().allMatch(n -> n == 1), "no number received the broadcast twice");
  }

  private static String statuses(Database db) throws SQLException {
    var out = new StringBuilder();
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(
        "SELECT status, claimed_by, MIN(next_attempt_at), COUNT(*) FROM outbox GROUP BY status, claimed_by")) {
      while (rs.next()) out.append(rs.getString(1)).append('/').append(rs.getString(2)).append(' ')
          .append(rs.getString(3)).append(' ').append(rs.getLong(4)).append("; ");
    }
    return out.toString() + " now " + java.time.Instant.now();
  }

  private static String text(Database db, String sql) throws SQLException {
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "no row";
    }
  }

  /** The health details an operator's token sees (the public answer names nothing). */
  private static JsonObject health(KabambeServer server) throws Exception {
    return new ApiClient(server, ApiTestTokens.author(server)).ok("/health");
  }

  private static String metrics(KabambeServer server) throws Exception {
    return new ApiClient(server, ApiTestTokens.author(server)).body("/metrics");
  }
}
