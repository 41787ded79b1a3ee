package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kabambe.testing.Sql.count;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.broadcast.BroadcastSpec;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.campaigns.CampaignScheduler;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.contact.FieldValues;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.store.ContactChange;
import org.kabambe.store.Database;
import org.kabambe.store.EventRow;
import org.kabambe.store.FieldValuesColumn;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopWrite;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * A crash between a campaign step's or a broadcast batch's commit and the start of the SMS flows it owes: the
 * process stops right after the commit (the starts recorded, none made), and a server restarted on the same
 * database makes each start exactly once; a number that opted out meanwhile is skipped, and a second restart starts
 * nothing again.
 */
@Tag("database")
class FlowStartRecoveryTest {
  static final int CONTACTS = 30;
  static final String SUBSCRIBER = "+250788000006";

  @TempDir
  Path dir;

  @Test
  void startsRecordedBeforeACrashAreMadeOnceAfterTheRestart() throws Exception {
    String location = TestDatabases.location(dir);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    Catalog catalog = CatalogLoader.structureOnly().load(List.of(Path.of("../flows")));
    try (Database db = Database.open(location); var writer = GroupCommitWriter.start(db)) {
      seed(db);
      long id = new Broadcasts(db, () -> catalog, clock).create(new BroadcastSpec(Map.of(), List.of(),
          Optional.empty(), Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of("climate")), "test");
      new Broadcasts(db, () -> catalog, clock).runDue(); // committed with the cursor; the process then "dies"
      assertEquals("done", new Broadcasts(db, () -> catalog, clock).progress(id).orElseThrow().status());

      writer.submit(new HopWrite(Optional.empty(), List.of(), List.of(new EventRow(clock.instant(), "subscribed",
          SUBSCRIBER, "sms", "", "", "", "climate-tips")), List.of(),
          Optional.of(ContactChange.seen(SUBSCRIBER, clock.instant()).language("en")))).join();
      clock.advance(Duration.ofDays(1)); // the flow step is due: 10:00 UTC, outside quiet hours
      var tick = new CampaignScheduler(db, () -> withFlowStep(catalog), java.time.ZoneOffset.UTC, clock).tick();
      assertEquals(1, tick.queued());
      try (var c = db.connection(); var s = c.createStatement()) { // opts out after the record, before the start
        s.executeUpdate("UPDATE contacts SET opted_out = TRUE WHERE phone = '+254700000003'");
      }
      assertEquals(CONTACTS + 1, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'pending'"));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM outbox"));
    }

    try (KabambeServer server = start(location, clock)) {
      Database db = server.database();
      Eventually.until("every recorded start settled", Duration.ofSeconds(30),
          () -> count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'pending'") == 0);
      assertEquals(CONTACTS, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'started'"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'skipped' AND detail = 'opted out' "
          + "AND phone = '+254700000003'"));
      assertEquals(CONTACTS, count(db, "SELECT COUNT(*) FROM events WHERE type = 'session_started' AND flow_id = "
          + "'climate'"));
      assertEquals(CONTACTS, count(db, "SELECT COUNT(DISTINCT phone) FROM events WHERE type = 'session_started'"));
      assertEquals(CONTACTS - 1, count(db, "SELECT COUNT(*) FROM events WHERE detail LIKE 'broadcast:%'"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM events WHERE type = 'session_started' AND phone = '"
          + SUBSCRIBER + "' AND detail = 'campaign:climate-tips/quiz'"));
      assertEquals(CONTACTS, count(db, "SELECT COUNT(DISTINCT phone) FROM outbox"), "each started flow's first SMS");
      assertEquals(0, count(db, "SELECT COUNT(*) FROM outbox WHERE phone = '+254700000003'"));
    }

    try (KabambeServer server = start(location, clock)) { // and again: nothing is started twice
      Database db = server.database();
      long sent = count(db, "SELECT COUNT(*) FROM outbox");
      Eventually.until("this node dispatches flow starts", Duration.ofSeconds(10),
          () -> server.singletons().holds(KabambeServer.FLOW_STARTS));
      assertEquals(0, server.startPendingFlows(), "every start was settled: none is handed out again");
      assertEquals(sent, count(db, "SELECT COUNT(*) FROM outbox"));
      assertEquals(CONTACTS, count(db, "SELECT COUNT(*) FROM events WHERE type = 'session_started'"));
    }
  }

  private static KabambeServer start(String location, MutableClock clock) throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), Path.of("../flows"),
        location, Optional.empty()), clock);
  }

  private static void seed(Database db) throws Exception {
    try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, opted_out, "
        + "created_at, field_values) VALUES (?, 'en', FALSE, ?, ?)")) {
      for (int i = 0; i < CONTACTS; i++) {
        s.setString(1, String.format("+2547%08d", i));
        s.setObject(2, SqlTimes.of(Instant.parse("2026-03-01T00:00:00Z")));
        s.setString(3, FieldValuesColumn.merge(Optional.empty(), Map.of("district", "north")));
        s.executeUpdate();
      }
    }
  }

  /** The demo campaign with one step: the climate flow, a day after joining. */
  private static Catalog withFlowStep(Catalog catalog) {
    Campaign c = catalog.campaigns().get("climate-tips");
    var step = new CampaignMessage("quiz", new CampaignMessage.AfterJoin(Duration.ofDays(1)), Optional.empty(),
        Optional.empty(), Optional.of("climate"), c.pos());
    Campaign withFlow = new Campaign(c.id(), c.title(), c.languages(), c.join(), c.leave(), List.of(step), c.hour(),
        c.quietHours(), Optional.of(java.time.ZoneOffset.UTC), c.validity(), c.pos());
    return new Catalog(catalog.flows(), catalog.fields(), catalog.keywords(), Map.of(c.id(), withFlow), List.of());
  }
}
