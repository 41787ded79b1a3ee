package org.kabambe.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.store.ContactChange;
import org.kabambe.store.Database;
import org.kabambe.store.EventRow;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopSink;
import org.kabambe.store.HopWrite;
import org.kabambe.testing.TestDatabases;

/** The demo campaign climate-tips (day 1, 4 at 18:00, 7, 9 at 18:00, 11, 14; 09:00; quiet 21:00-07:00). */
@Tag("database")
class CampaignSchedulerTest {
  static final ZoneId KIGALI = ZoneId.of("Africa/Kigali"); // UTC+2
  static Catalog catalog;

  @BeforeAll
  static void load() {
    catalog = CatalogLoader.structureOnly().load(List.of(Path.of("../flows")));
    assertTrue(catalog.campaigns().containsKey("climate-tips"), catalog.diagnostics().toString());
  }

  static Instant local(int month, int day, int h, int m) {
    return ZonedDateTime.of(LocalDate.of(2026, month, day), LocalTime.of(h, m), KIGALI).toInstant();
  }

  static void hop(HopSink w, Instant at, String phone, String type, String detail, Optional<String> lang) {
    Optional<ContactChange> contact = lang.map(l -> ContactChange.seen(phone, at).language(l));
    w.submit(new HopWrite(Optional.empty(), List.of(), List.of(new EventRow(at, type, phone, "sms", "", "", "",
        detail)), List.of(), contact)).join();
  }

  static List<String> outbox(Database db, String phone) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var c = db.connection(); var s = c.prepareStatement(
        "SELECT next_attempt_at, text, priority FROM outbox WHERE phone = ? ORDER BY id")) {
      s.setString(1, phone);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1, java.time.OffsetDateTime.class).atZoneSameInstant(KIGALI).toLocalDateTime()
              + " " + rs.getString(2).split(":")[0].strip() + " p" + rs.getInt(3));
        }
      }
    }
    return out;
  }

  static int missed(Database db) throws SQLException {
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM campaign_deliveries WHERE status = 'missed'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Runs the scheduler every 10 minutes of injected time from {@code from} to {@code to}. */
  static void run(CampaignScheduler s, SetClock clock, Instant from, Instant to) {
    for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(10))) {
      clock.set(t);
      s.tick();
    }
  }

  @Test
  void aSubscriberGetsTheSequenceOnScheduleInTheirLanguageAndStopEndsIt(@TempDir Path dir) throws Exception {
    SetClock clock = new SetClock(local(3, 2, 15, 0));
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      hop(w, local(3, 2, 15, 0), "+250788000001", "subscribed", "climate-tips", Optional.of("fr"));
      hop(w, local(3, 2, 22, 30), "+250788000002", "subscribed", "climate-tips", Optional.of("pt")); // not offered
      var s = new CampaignScheduler(db, () -> catalog, KIGALI, clock);
      run(s, clock, local(3, 2, 15, 0), local(3, 8, 12, 0));
      assertEquals(List.of(
          "2026-03-03T09:00 Conseil climat 1/6 p-1",
          "2026-03-06T18:00 Conseil climat 2/6 p-1"), outbox(db, "+250788000001"));
      assertEquals(List.of(
          "2026-03-03T09:00 Climate tip 1/6 p-1",
          "2026-03-06T18:00 Climate tip 2/6 p-1"), outbox(db, "+250788000002"));
      hop(w, local(3, 8, 12, 0), "+250788000001", "opted_out", "", Optional.empty()); // STOP mid-campaign
      run(s, clock, local(3, 8, 12, 0), local(3, 20, 12, 0));
      assertEquals(2, outbox(db, "+250788000001").size(), "nothing after STOP");
      assertEquals(6, outbox(db, "+250788000002").size());
      assertEquals(0, missed(db));
    }
  }

  @Test
  void aRestartSendsWhatIsStillValidOnceAndRecordsTheRestMissed(@TempDir Path dir) throws Exception {
    String location = TestDatabases.location(dir);
    SetClock clock = new SetClock(local(3, 2, 10, 0));
    try (Database db = Database.open(location); var w = GroupCommitWriter.start(db)) {
      hop(w, local(3, 2, 10, 0), "+250788000003", "subscribed", "climate-tips", Optional.of("en"));
      var s = new CampaignScheduler(db, () -> catalog, KIGALI, clock);
      run(s, clock, local(3, 2, 10, 0), local(3, 3, 10, 0)); // tip 1 on 3 March 09:00
    }
    // Down from 3 March 10:00 until 9 March 08:00: tip 2 (6 March 18:00) is 38 h late; tip 3 (9 March 09:00) ahead.
    // Tip 3 is sent; then down again 9 March 09:00 to 12 March 12:00: tip 4 (11 March 18:00) is 18 h late, in time.
    try (Database db = Database.open(location)) {
      var s = new CampaignScheduler(db, () -> catalog, KIGALI, clock);
      s.rescan();
      run(s, clock, local(3, 9, 8, 0), local(3, 9, 9, 0));
    }
    try (Database db = Database.open(location)) {
      var s = new CampaignScheduler(db, () -> catalog, KIGALI, clock);
      clock.set(local(3, 12, 12, 0));
      s.rescan();
      s.tick();
      s.tick();
      assertEquals(List.of(
          "2026-03-03T09:00 Climate tip 1/6 p-1",
          "2026-03-09T09:00 Climate tip 3/6 p-1",
          "2026-03-12T12:00 Climate tip 4/6 p-1"), outbox(db, "+250788000003"));
      assertEquals(1, missed(db), "tip 2 was past its 24 h validity");
    }
  }

  @Test
  void aLateMessageFoundInQuietHoursWaitsForMorningIfStillValid(@TempDir Path dir) throws Exception {
    SetClock clock = new SetClock(local(3, 2, 10, 0));
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      hop(w, local(3, 2, 10, 0), "+250788000004", "subscribed", "climate-tips", Optional.of("en"));
      var s = new CampaignScheduler(db, () -> catalog, KIGALI, clock);
      // Tip 2 is due 6 March 18:00; the server comes back at 23:00, in quiet hours: queued for 07:00 next day.
      clock.set(local(3, 3, 9, 0));
      s.tick();
      clock.set(local(3, 6, 23, 0));
      s.tick();
      assertEquals("2026-03-07T07:00 Climate tip 2/6 p-1", outbox(db, "+250788000004").get(1));
    }
  }

  @Test
  void anEditedOffsetMovesUnsentStepsAndNeverResendsSentOnes(@TempDir Path dir) throws Exception {
    SetClock clock = new SetClock(local(3, 2, 10, 0));
    Campaign original = catalog.campaigns().get("climate-tips");
    List<CampaignMessage> moved = new ArrayList<>(original.messages());
    CampaignMessage tip2 = moved.get(1);
    moved.set(1, new CampaignMessage(tip2.key(), new CampaignMessage.JoinDay(2), tip2.hour(), tip2.text(),
        tip2.flow(), tip2.pos())); // day 4 -> day 2
    moved.set(0, new CampaignMessage(moved.get(0).key(), new CampaignMessage.JoinDay(1), Optional.of(
        LocalTime.of(11, 0)), moved.get(0).text(), Optional.empty(), moved.get(0).pos())); // 09:00 -> 11:00
    Campaign edited = new Campaign(original.id(), original.title(), original.languages(), original.join(),
        original.leave(), moved, original.hour(), original.quietHours(), original.timezone(), original.validity(),
        original.pos());
    Catalog editedCatalog = new Catalog(catalog.flows(), catalog.fields(), catalog.keywords(),
        java.util.Map.of("climate-tips", edited), List.of());
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      hop(w, local(3, 2, 10, 0), "+250788000005", "subscribed", "climate-tips", Optional.of("en"));
      var current = new java.util.concurrent.atomic.AtomicReference<>(catalog);
      var s = new CampaignScheduler(db, current::get, KIGALI, clock);
      run(s, clock, local(3, 2, 10, 0), local(3, 3, 10, 0)); // tip 1 sent at 09:00
      current.set(editedCatalog);
      s.rescan();
      run(s, clock, local(3, 3, 10, 0), local(3, 5, 12, 0));
      assertEquals(List.of(
          "2026-03-03T09:00 Climate tip 1/6 p-1",
          "2026-03-04T18:00 Climate tip 2/6 p-1"), outbox(db, "+250788000005"));
    }
  }

  @Test
  void aFlowStepStartsItsFlowOnceAtItsTimeOutsideQuietHours(@TempDir Path dir) throws Exception {
    SetClock clock = new SetClock(local(3, 2, 10, 0));
    Campaign original = catalog.campaigns().get("climate-tips");
    var step = new CampaignMessage("quiz", new CampaignMessage.AfterJoin(Duration.ofHours(12)), Optional.empty(),
        Optional.empty(), Optional.of("climate"), original.pos()); // 22:00 local: quiet, so 07:00 next day
    Campaign withFlow = new Campaign(original.id(), original.title(), original.languages(), original.join(),
        original.leave(), List.of(step), original.hour(), original.quietHours(), original.timezone(),
        original.validity(), original.pos());
    Catalog c = new Catalog(catalog.flows(), catalog.fields(), catalog.keywords(),
        java.util.Map.of("climate-tips", withFlow), List.of());
    int[] wakes = {0};
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      hop(w, local(3, 2, 10, 0), "+250788000006", "subscribed", "climate-tips", Optional.of("en"));
      var s = new CampaignScheduler(db, () -> c, KIGALI, clock, () -> wakes[0]++);
      run(s, clock, local(3, 2, 10, 0), local(3, 3, 12, 0));
      s.rescan();
      s.tick();
      List<String> starts = new ArrayList<>();
      try (var con = db.connection(); var q = con.createStatement(); var rs = q.executeQuery("SELECT created_at, "
          + "phone, flow_id, origin, status FROM flow_starts ORDER BY id")) {
        while (rs.next()) {
          starts.add(rs.getObject(1, java.time.OffsetDateTime.class).atZoneSameInstant(KIGALI).toLocalDateTime()
              + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
        }
      }
      assertEquals(List.of("2026-03-03T07:00 +250788000006 climate campaign:climate-tips/quiz pending"), starts,
          "recorded once, with the step's marker, at the end of quiet hours");
      assertEquals(1, wakes[0], "the dispatcher is woken once, after the commit");
      assertEquals(0, outbox(db, "+250788000006").size());
    }
  }

  @Test
  void aContactsOwnTimeZoneFieldWins(@TempDir Path dir) throws Exception {
    SetClock clock = new SetClock(local(3, 2, 10, 0));
    var fields = new java.util.LinkedHashMap<>(catalog.fields().declared());
    fields.put("timezone", new org.kabambe.flow.settings.ContactField("timezone", org.kabambe.expr.ValueType.TEXT,
        false, List.of(), null));
    Catalog c = new Catalog(catalog.flows(), new org.kabambe.flow.settings.ContactFields(fields), catalog.keywords(),
        catalog.campaigns(), List.of());
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      Instant at = local(3, 2, 10, 0);
      w.submit(new HopWrite(Optional.empty(), List.of(), List.of(new EventRow(at, "subscribed", "+22507000001", "sms",
          "", "", "", "climate-tips")), List.of(), Optional.of(org.kabambe.store.ContactChange.seen("+22507000001", at)
          .language("en").field("timezone", "Africa/Abidjan")))).join(); // UTC+0, two hours behind Kigali
      var s = new CampaignScheduler(db, () -> c, KIGALI, clock);
      run(s, clock, local(3, 2, 10, 0), local(3, 3, 12, 0));
      assertEquals(List.of("2026-03-03T11:00 Climate tip 1/6 p-1"), outbox(db, "+22507000001"),
          "09:00 in Abidjan is 11:00 in Kigali");
    }
  }
}
