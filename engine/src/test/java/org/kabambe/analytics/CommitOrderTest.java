package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kabambe.store.Database;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.QueryPlans;

/**
 * The rollup on PostgreSQL with writers that commit out of id order (several nodes): a hop whose lower ids commit
 * after a later hop's is still counted, exactly once, and its answer still finds the run its events opened. Real
 * interleaved transactions on two connections, figures read back through {@link Figures}.
 */
class CommitOrderTest {
  static final Period DAY = RollupFiguresTest.DAY;
  static final Instant START = SyntheticLog.START;

  Database db;

  @BeforeEach
  void open() {
    db = Database.open(PostgresServer.shared().newDatabase());
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aHopThatCommitsAfterALaterOneIsCountedOnce() throws Exception {
    var rollup = new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE);
    try (Connection early = writer(); Connection late = writer()) {
      completedRun(early, "+265700000001", 0); // the lower ids, not committed yet
      completedRun(late, "+265700000002", 1);
      late.commit();

      rollup.catchUp(); // the early transaction is still running: nothing after its start may be read yet
      assertEquals(0, figures().completed(), "rows behind a running transaction are held back");

      early.commit();
      assertTrue(maxId("+265700000001") < maxId("+265700000002"), "the early writer held the lower ids");
      rollup.catchUp();
      assertEquals(2, figures().completed());
      assertEquals(2, figures().runs());
      assertEquals(2L, figures().events().get("flow_completed"), "each event counted once");
      assertEquals(Map.of("yes", 2L), answers("consent"));

      rollup.catchUp(); // nothing new: nothing counted twice
      assertEquals(2L, figures().events().get("flow_completed"));
      assertEquals(Map.of("yes", 2L), answers("consent"));
    }
    assertEquals(0, new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp(),
        "a fresh rollup resumes from the saved (tx, id) cursor, with nothing left to read");
  }

  @Test
  void aSecondRollupThatStillThinksItLeadsCountsNothingTwice() throws Exception {
    // Two nodes' rollups during a hand-over: both loaded the same cursor; the one that commits second must not
    // count the rows again (its batch fails and it reloads), whatever it had read.
    var first = new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE);
    var second = new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE);
    try (Connection c = writer()) {
      completedRun(c, "+265700000001", 0);
      c.commit();
    }
    first.catchUp();
    assertThrows(RuntimeException.class, second::catchUp, "the cursor moved under the second rollup");
    assertEquals(1, figures().completed());
    assertEquals(1L, figures().events().get("flow_completed"), "counted once");

    try (Connection c = writer()) {
      completedRun(c, "+265700000002", 1);
      c.commit();
    }
    second.catchUp(); // reloaded after its failed batch: it goes on from where the first left off
    assertEquals(2, figures().completed());
    assertEquals(2L, figures().events().get("flow_completed"));
  }

  @Test
  void interleavedHopsKeepEachAnswerWithItsRun() throws Exception {
    // Batches of 3 rows: the events of one snapshot span several transactions before its answers are read.
    var rollup = new Rollup(db, new Rollup.Settings(3, Duration.ofHours(24)), Rollup.Listener.NONE);
    try (Connection a = writer(); Connection b = writer()) {
      completedRun(a, "+265700000011", 0);
      completedRun(b, "+265700000012", 1);
      b.commit();
      completedRun(b, "+265700000013", 2);
      rollup.catchUp();
      a.commit();
      rollup.catchUp(); // a and the first of b: the third is still running
      assertEquals(2, figures().completed());
      b.commit();
      rollup.catchUp();
    }
    assertEquals(3, figures().completed());
    assertEquals(Map.of("yes", 3L), answers("consent"));
    // Every answer was counted under its run (and so under the run's arm): none was read before its events.
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT phone, answers, arm FROM flow_runs ORDER BY phone")) {
      int runs = 0;
      while (rs.next()) {
        runs++;
        assertEquals(1, rs.getInt(2), rs.getString(1) + " has its answer in its run");
        assertEquals("split/0:end", rs.getString(3), rs.getString(1) + " has its arm");
      }
      assertEquals(3, runs);
    }
    assertEquals(Map.of("yes split/0:end", 3L), new Figures(db).results(SyntheticLog.FLOW, DAY, Breakdown.ARM)
        .stream().filter(x -> x.name().equals("consent"))
        .collect(Collectors.toMap(x -> x.value() + " " + x.group(), AnswerCount::count)));
  }

  @Test
  void theRollupReadsItsFeedThroughTheTransactionIndex() throws Exception {
    try (var log = new SyntheticLog(db)) {
      log.participants(0, 300);
    }
    var order = TailOrder.of(db.dialect());
    try (var c = db.connection(); var s = c.createStatement()) {
      // What QueryPlans.analyze and planWithoutSeqScans do on PostgreSQL (this test runs there whatever the build's
      // database): fresh statistics, and sequential scans priced out (a test's tables are tiny).
      s.execute("ANALYZE events");
      s.execute("ANALYZE answers");
      s.execute("SET enable_seqscan = off");
      for (String table : new String[] {"events", "answers"}) {
        String plan = QueryPlans.plan(c, order.read(table, "at", 1000), "5", 10L, "1000000");
        assertTrue(QueryPlans.readsIndex(plan, table + "_tx_id"), plan);
        assertTrue(!QueryPlans.scansATable(plan), plan);
      }
      s.execute("RESET enable_seqscan");
    }
  }

  // ---- writing as a hop writer does: events, then the answer, in the writer's own transaction -------------------

  private Connection writer() throws SQLException {
    Connection c = db.connection();
    c.setAutoCommit(false);
    return c;
  }

  /** A USSD run: started, the consent question answered yes, an arm assigned, completed. */
  private static void completedRun(Connection c, String phone, int second) throws SQLException {
    event(c, phone, second, "session_started", "consent", null);
    event(c, phone, second, "flow_started", null, "version 1");
    event(c, phone, second, "node_shown", "consent", null);
    event(c, phone, second + 1, "arm_assigned", "split", "0:end");
    answer(c, phone, second + 1);
    event(c, phone, second + 1, "node_shown", "end", null);
    event(c, phone, second + 1, "flow_completed", "end", null);
    event(c, phone, second + 1, "session_completed", "end", null);
  }

  private static void event(Connection c, String phone, int second, String type, String node, String detail)
      throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO events (at, type, phone, channel, flow_id, flow_hash, node_id,"
        + " detail) VALUES (?, ?, ?, 'ussd', ?, 'h1', ?, ?)")) {
      s.setObject(1, at(second));
      s.setString(2, type);
      s.setString(3, phone);
      s.setString(4, SyntheticLog.FLOW);
      s.setString(5, node);
      s.setString(6, detail);
      s.executeUpdate();
    }
  }

  private static void answer(Connection c, String phone, int second) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO answers (session_id, phone, channel, flow_id, flow_hash, node_id,"
        + " name, value_text, at) VALUES (?, ?, 'ussd', ?, 'h1', 'consent', 'consent', 'yes', ?)")) {
      s.setString(1, phone + "@1");
      s.setString(2, phone);
      s.setString(3, SyntheticLog.FLOW);
      s.setObject(4, at(second));
      s.executeUpdate();
    }
  }

  private static OffsetDateTime at(int second) {
    return OffsetDateTime.ofInstant(START.plusSeconds(second), ZoneOffset.UTC);
  }

  private long maxId(String phone) throws SQLException {
    try (var c = db.connection(); var s = c.prepareStatement("SELECT MAX(id) FROM events WHERE phone = ?")) {
      s.setString(1, phone);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private FlowFigures figures() {
    return new Figures(db).flow(SyntheticLog.FLOW, DAY, Set.of());
  }

  private Map<String, Long> answers(String question) {
    return new Figures(db).results(SyntheticLog.FLOW, DAY, Breakdown.NONE).stream()
        .filter(a -> a.name().equals(question)).collect(Collectors.toMap(AnswerCount::value, AnswerCount::count));
  }
}
