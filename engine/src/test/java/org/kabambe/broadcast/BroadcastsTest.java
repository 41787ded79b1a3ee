package org.kabambe.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.analytics.Rollup;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.contact.FieldValues;
import org.kabambe.contact.Groups;
import org.kabambe.store.Database;
import org.kabambe.store.FieldValuesColumn;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.QueryPlans;
import org.kabambe.testing.TestDatabases;

@Tag("database")
class BroadcastsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
  static final int CONTACTS = 2_500;
  static Catalog catalog;

  @BeforeAll
  static void load() {
    catalog = CatalogLoader.structureOnly().load(List.of(Path.of("../flows")));
  }

  /** Contact i: district north (even) or south (odd), group chw when i % 3 == 0, opted out when i % 10 == 0. */
  static void seed(Database db, int n) throws SQLException {
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, opted_out, "
        + "created_at, field_values, group_list) VALUES (?, ?, ?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        s.setString(1, String.format("+2547%08d", i));
        s.setString(2, i % 2 == 0 ? "en" : "fr");
        s.setBoolean(3, i % 10 == 0);
        s.setObject(4, SqlTimes.of(CLOCK.instant()));
        s.setString(5, FieldValuesColumn.merge(Optional.empty(), Map.of("district", i % 2 == 0 ? "north" : "south")));
        s.setString(6, Groups.encode(i % 3 == 0 ? List.of("chw") : List.of()));
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
    }
  }

  static long count(Database db, String sql) throws SQLException {
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * 3,000 rows of another flow's or an earlier time's, so that a plan is checked on a table of some size: on a tiny
   * one PostgreSQL rightly prefers reading it whole.
   */
  static void history(java.sql.Connection c, String insertWithPhone) throws SQLException {
    try (var s = c.prepareStatement(insertWithPhone)) {
      for (int i = 0; i < 3_000; i++) {
        s.setString(1, String.format("+2557%08d", i));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static BroadcastSpec spec(Map<String, String> arms, String sample) {
    return new BroadcastSpec(arms, List.of("chw"), Optional.of("contact.district == \"north\""),
        Optional.ofNullable(sample), 42, Optional.empty());
  }

  static final String LONG = "Hello {{ contact.district }} health worker: the next training is on Monday at the "
      + "district office from 9am to 3pm. Bring your register, your phone and a pen. Reply HELP for more.";

  @Test
  void dryRunCountsRecipientsAndSegmentsAndExcludesOptedOut() throws Exception {
    try (Database db = TestDatabases.open()) {
      seed(db, CONTACTS);
      var b = new Broadcasts(db, () -> catalog, CLOCK);
      // north and chw: i % 6 == 0 (417 of 2,500), minus opted-out i % 30 == 0 (84): 333.
      var dry = b.dryRun(spec(Map.of("", LONG), null));
      assertEquals(333, dry.recipients());
      assertEquals(2, dry.segmentsPerMessage().get(""), "over 160 characters: 2 segments");
      assertEquals(666, dry.segments());
      assertEquals(84, dry.optedOutExcluded(), "the segment's opted out, not the 250 of the whole table");
      assertEquals(0, count(db, "SELECT COUNT(*) FROM outbox"), "a dry run queues nothing");
      var bad = assertThrows(IllegalArgumentException.class,
          () -> b.dryRun(new BroadcastSpec(Map.of("", "Hi {{ contact.distrct }}"), List.of(), Optional.empty(),
              Optional.empty(), 1, Optional.empty())));
      assertTrue(bad.getMessage().contains("distrct"), bad.getMessage());
    }
  }

  @Test
  void anExactSampleAndTwoArmsRecordedPerRecipient() throws Exception {
    try (Database db = TestDatabases.open()) {
      seed(db, CONTACTS);
      var b = new Broadcasts(db, () -> catalog, CLOCK);
      var armed = spec(Map.of("a", "Hi {{ contact.district }}", "b", "Hello from the clinic"), "100");
      var dry = b.dryRun(armed);
      assertEquals(100, dry.recipients());
      long id = b.create(armed, "test");
      assertEquals(100, b.runDue());
      assertEquals(100, count(db, "SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = " + id));
      long a = count(db, "SELECT COUNT(*) FROM broadcast_recipients WHERE arm = 'a'");
      assertTrue(a > 25 && a < 75, "about half in each arm: " + a);
      assertEquals(a, count(db, "SELECT COUNT(*) FROM outbox WHERE text = 'Hi north'"));
      assertEquals(-10, count(db, "SELECT MAX(priority) FROM outbox"), "below replies");
      assertEquals("done", b.progress(id).orElseThrow().status());
      assertEquals(dry.perArm(), Map.of("a", a, "b", 100 - a), "the dry run draws the same people and arms");
    }
  }

  @Test
  void aBroadcastInterruptedByARestartResumesWithoutDuplicates(@TempDir Path dir) throws Exception {
    String location = TestDatabases.location(dir);
    long id;
    var everyone = new BroadcastSpec(Map.of("", "Clinic open Saturday, {{ contact.district }}"), List.of(),
        Optional.empty(), Optional.empty(), 7, Optional.empty());
    try (Database db = Database.open(location)) {
      seed(db, CONTACTS);
      var b = new Broadcasts(db, () -> catalog, CLOCK);
      id = b.create(everyone, "test");
      assertEquals(2_250, b.dryRun(everyone).recipients());
      assertTrue(b.pause(id, "test"));
      assertEquals(0, b.runDue(), "paused: nothing");
      assertTrue(b.resume(id, "test"));
      assertEquals(900, b.run(id, 1), "one batch of 1,000 contacts, 100 opted out, then the 'crash'");
      assertEquals("sending", b.progress(id).orElseThrow().status());
    }
    try (Database db = Database.open(location)) { // restarted
      var b = new Broadcasts(db, () -> catalog, CLOCK);
      assertEquals(1_350, b.runDue());
      var p = b.progress(id).orElseThrow();
      assertEquals("done", p.status());
      assertEquals(2_250, p.queued());
      assertEquals(2_250, count(db, "SELECT COUNT(*) FROM outbox"));
      assertEquals(2_250, count(db, "SELECT COUNT(DISTINCT phone) FROM outbox"), "nobody twice");
      assertEquals(0, count(db, "SELECT COUNT(*) FROM outbox o JOIN contacts c ON c.phone = o.phone WHERE c.opted_out"));
      assertFalse(b.resume(id, "test"));
    }
  }

  @Test
  void engagementCompletedAFlowOrRepliedRecently() throws Exception {
    try (Database db = TestDatabases.open()) {
      seed(db, 50);
      try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO events (at, type, phone, channel, flow_id) "
          + "VALUES (?, ?, ?, 'sms', ?)")) {
        Object[][] rows = {
            {"2026-03-01T09:58:00Z", "flow_started", 1, "climate"},
            {"2026-03-01T09:58:00Z", "flow_started", 2, "climate"},
            {"2026-03-01T09:58:00Z", "flow_started", 3, "teen-health"},
            {"2026-03-01T09:58:00Z", "flow_started", 6, "climate"}, // started, never completed
            {"2026-03-01T10:00:00Z", "flow_completed", 1, "climate"},
            {"2026-03-01T10:00:00Z", "flow_completed", 2, "climate"},
            {"2026-03-01T10:00:00Z", "flow_completed", 3, "teen-health"}};
        for (Object[] r : rows) {
          s.setObject(1, SqlTimes.of(Instant.parse((String) r[0])));
          s.setString(2, (String) r[1]);
          s.setString(3, String.format("+2547%08d", (Integer) r[2]));
          s.setString(4, (String) r[3]);
          s.executeUpdate();
        }
      }
      new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp(); // the runs, from those events
      // Last in touch (texted or dialled): contact 4 yesterday, 5 two months ago, the others never.
      try (var c = db.connection(); var s = c.prepareStatement("UPDATE contacts SET last_seen = ? WHERE phone = ?")) {
        for (Object[] r : new Object[][] {{"2026-03-01T10:00:00Z", 4}, {"2026-01-01T10:00:00Z", 5}}) {
          s.setObject(1, SqlTimes.of(Instant.parse((String) r[0])));
          s.setString(2, String.format("+2547%08d", (Integer) r[1]));
          s.executeUpdate();
        }
      }
      var b = new Broadcasts(db, () -> catalog, CLOCK);
      assertEquals(2, b.dryRun(new BroadcastSpec(Map.of("", "Thanks!"), List.of(), Optional.empty(), Optional.empty(),
          1, Optional.empty(), Optional.of("climate"), Optional.empty())).recipients());
      assertEquals(1, b.dryRun(new BroadcastSpec(Map.of("", "Thanks!"), List.of(), Optional.empty(), Optional.empty(),
          1, Optional.empty(), Optional.empty(), Optional.of(java.time.Duration.ofDays(30)))).recipients());
      assertThrows(IllegalArgumentException.class, () -> b.dryRun(new BroadcastSpec(Map.of("", "x"), List.of(),
          Optional.empty(), Optional.empty(), 1, Optional.empty(), Optional.of("nope"), Optional.empty())));
      // replied_within reads the contact's own row (streamed anyway); "completed" reads only the flow's runs.
      try (var c = db.connection()) {
        history(c, "INSERT INTO flow_runs (flow_id, phone, channel, started_at, start_day, status, last_node, arm, "
            + "answers, nodes) VALUES ('vaccine-survey', ?, 'ussd', CURRENT_TIMESTAMP, CURRENT_DATE, 'completed', "
            + "'done', '', 0, '')");
        QueryPlans.analyze(c, "flow_runs");
        String plan = QueryPlans.plan(c, Audience.COMPLETED_BY, "climate");
        assertTrue(!QueryPlans.scansATable(plan) && (QueryPlans.readsIndex(plan, "primary_key")
            || QueryPlans.readsIndex(plan, "flow_runs_pkey") || QueryPlans.readsIndex(plan, "flow_runs_day")), plan);
      }
    }
  }

  @Test
  void aFlowBroadcastRecordsOnePendingStartPerRecipientWithEachBatch() throws Exception {
    try (Database db = TestDatabases.open()) {
      seed(db, CONTACTS);
      var spec = new BroadcastSpec(Map.of(), List.of("chw"), Optional.of("contact.district == \"north\""),
          Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("climate"));
      int[] wakes = {0, 0};
      var b = new Broadcasts(db, () -> catalog, CLOCK, new Broadcasts.Hooks(() -> wakes[0]++, () -> wakes[1]++,
          Broadcasts.AuditLog.NONE));
      assertEquals(333, b.dryRun(spec).recipients());
      assertEquals(0, b.dryRun(spec).segments(), "a flow's messages are not known up front");
      long id = b.create(spec, "test");
      assertEquals(333, b.runDue());
      assertEquals(0, b.runDue());
      assertEquals(333, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'pending' AND flow_id = 'climate' "
          + "AND origin = 'broadcast:" + id + "'"));
      assertEquals(333, count(db, "SELECT COUNT(DISTINCT phone) FROM flow_starts"));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM outbox"), "the flows' first messages come with their starts");
      assertEquals("done", b.progress(id).orElseThrow().status());
      assertEquals(3, wakes[1], "the dispatcher is woken after each of the 3 batches that recorded starts");
      assertEquals(0, wakes[0], "no outbox rows: the sender is not woken");
    }
  }

  @Test
  void eachBatchWakesTheSenderAndAnotherRunnerCannotQueueTheSameBatchTwice() throws Exception {
    try (Database db = TestDatabases.open()) {
      seed(db, CONTACTS);
      int[] wakes = {0};
      var hooks = new Broadcasts.Hooks(() -> wakes[0]++, () -> { }, Broadcasts.AuditLog.NONE);
      var b = new Broadcasts(db, () -> catalog, CLOCK, hooks);
      long id = b.create(new BroadcastSpec(Map.of("", "Hi"), List.of(), Optional.empty(), Optional.empty(), 1,
          Optional.empty()), "test");
      var spec = b.progress(id).orElseThrow().spec();
      var first = b.step().orElseThrow();
      assertEquals(900, first.queued());
      assertFalse(first.done());
      assertEquals(1, wakes[0], "the sender starts on the first batch, not at the end");
      assertEquals(900, count(db, "SELECT COUNT(*) FROM outbox WHERE source = 'broadcast:" + id + "/'"));
      // Another runner that read the cursor before that batch committed loses: its batch is rolled back.
      var late = BroadcastBatch.run(db, id, "", b.compile(spec), catalog.fields(), CLOCK);
      assertFalse(late.committed());
      assertEquals(900, count(db, "SELECT COUNT(*) FROM outbox"));
      assertEquals(1_350, b.runDue());
      assertEquals(2_250, count(db, "SELECT COUNT(DISTINCT phone) FROM outbox"));
      assertTrue(b.step().isEmpty(), "nothing due once done");
      assertEquals(3, wakes[0]);
    }
  }

  @Test
  void aCancelMidwayQueuesNothingMoreAndWithdrawsItsUnsentRowsAndFlowStarts() throws Exception {
    try (Database db = TestDatabases.open()) {
      seed(db, CONTACTS);
      var audit = new java.util.ArrayList<String>();
      var b = new Broadcasts(db, () -> catalog, CLOCK, Broadcasts.Hooks.audited((c, at, actor, action, target,
          detail) -> audit.add(actor + " " + action + " " + target + ": " + detail)));
      long text = b.create(new BroadcastSpec(Map.of("", "Hi"), List.of(), Optional.empty(), Optional.empty(), 1,
          Optional.empty()), "cli");
      long flow = b.create(new BroadcastSpec(Map.of(), List.of(), Optional.empty(), Optional.empty(), 1,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("climate")), "cli");
      try (var c = db.connection(); var s = c.createStatement()) { // a reply queued meanwhile: not the broadcast's
        s.executeUpdate("INSERT INTO outbox (phone, text, status, created_at, updated_at, next_attempt_at, priority) "
            + "VALUES ('+254700000001', 'a reply', 'queued', NOW(), NOW(), NOW(), 0)");
      }
      assertEquals(900, b.run(text, 1));
      assertEquals(900, b.run(flow, 1));
      assertTrue(b.cancel(text, "cli"));
      assertTrue(b.cancel(flow, "cli"));
      assertFalse(b.cancel(flow, "cli"), "cancelled already");
      assertEquals(0, b.runDue(), "a cancelled broadcast queues nothing more");
      var p = b.progress(text).orElseThrow();
      assertEquals("cancelled", p.status());
      assertEquals(900, p.queued());
      assertEquals(900, p.withdrawn());
      assertEquals(1, count(db, "SELECT COUNT(*) FROM outbox"), "only the reply is left");
      assertEquals(900, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'skipped' AND detail = "
          + "'broadcast cancelled'"));
      assertEquals(List.of("cli broadcast.create broadcast " + text, "cli broadcast.create broadcast " + flow,
          "cli broadcast.cancel broadcast " + text + ": 900 queued messages withdrawn",
          "cli broadcast.cancel broadcast " + flow + ": 0 queued messages withdrawn, 900 flow starts skipped"),
          audit.stream().map(a -> a.startsWith("cli broadcast.create") ? a.split(":")[0] : a).toList());
      // The withdrawal reads an index (queued rows at broadcast priority, or this broadcast's), not the whole outbox.
      try (var c = db.connection()) {
        history(c, "INSERT INTO outbox (phone, text, status, created_at, updated_at, next_attempt_at, attempts) "
            + "VALUES (?, 'Hello', 'delivered', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)");
        QueryPlans.analyze(c, "outbox");
        String plan = QueryPlans.plan(c, "DELETE FROM outbox WHERE source LIKE 'broadcast:1/%' AND status = 'queued'"
            + " AND priority = -10 AND attempts = 0");
        assertTrue(!QueryPlans.scansATable(plan) && (QueryPlans.readsIndex(plan, "outbox_source")
            || QueryPlans.readsIndex(plan, "outbox_due")), plan);
      }
    }
  }
}
