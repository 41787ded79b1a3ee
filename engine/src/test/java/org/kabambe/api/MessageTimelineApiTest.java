package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.MutableClock;

/**
 * A broadcast's and a campaign's SMS over time, over HTTP: a broadcast in two arms is queued through the API on
 * Monday 2 March, then the test plays the SMSC for a week (each message accepted, delivered, failed or expired at
 * its own time, some refused before acceptance) and the participants' side (replies and STOPs, some long after or
 * before any message). The expected counts per day and per hour are computed here from the raw outbox and event
 * rows, with the reply rule written out again (a reply belongs to the last broadcast or campaign message accepted
 * for its number in the 7 days before it), and compared with what the API answers.
 */
@Tag("database")
class MessageTimelineApiTest {
  static final Instant MONDAY = Instant.parse("2026-03-02T08:00:00Z");
  static final int RECIPIENTS = 60;
  static final String CAMPAIGN = "climate-tips";

  @TempDir
  static Path dir;
  static KabambeServer server;
  static ApiClient api;
  static long broadcast;

  @BeforeAll
  static void aWeekOfTraffic() throws Exception {
    var clock = new MutableClock(MONDAY);
    server = ApiClient.start(dir, Path.of("../flows"), clock);
    api = new ApiClient(server, ApiClient.token(server, Role.VIEWER));
    String admin = ApiClient.token(server, Role.ADMIN);
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language,"
        + " opted_out, created_at, group_list) VALUES (?, 'en', FALSE, CURRENT_TIMESTAMP, ';chw;')")) {
      for (int i = 0; i < RECIPIENTS; i++) {
        s.setString(1, phone(i));
        s.executeUpdate();
      }
    }
    var made = api.send(HttpRequest.newBuilder(api.uri("/api/broadcasts")).header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"arms\": {\"a\": \"Clinic day (A)\", \"b\": \"Clinic day (B)\"}, \"to\": \"groups: chw\"}")).build());
    assertEquals(200, made.statusCode(), made.body());
    broadcast = new JsonObject(made.body()).getLong("id");
    server.runBroadcasts();

    var random = new Random(20260302);
    try (var c = server.database().connection()) {
      c.setAutoCommit(false);
      // The broadcast's rows, as the sender and the SMSC would leave them over the week.
      var ids = new ArrayList<Long>();
      try (var s = c.prepareStatement("SELECT id FROM outbox WHERE source LIKE ? ORDER BY id")) {
        s.setString(1, "broadcast:" + broadcast + "/%");
        try (var rs = s.executeQuery()) {
          while (rs.next()) ids.add(rs.getLong(1));
        }
      }
      assertEquals(RECIPIENTS, ids.size());
      for (long id : ids) settle(c, id, MONDAY, random);
      // The campaign's steps, and rows of another broadcast and of a flow, which must not count.
      for (int i = 0; i < 40; i++) {
        String source = i < 25 ? "campaign:" + CAMPAIGN + "/tip-" + (i % 3) : i < 32 ? "broadcast:" + broadcast + "0/"
            : i < 36 ? "campaign:" + CAMPAIGN + "-old/tip-0" : null;
        settle(c, insert(c, phone(random.nextInt(RECIPIENTS)), source, MONDAY.plus(random.nextInt(120),
            ChronoUnit.HOURS)), MONDAY.plus(random.nextInt(120), ChronoUnit.HOURS), random);
      }
      // Replies and STOPs, from an hour before the broadcast to ten days after it.
      try (var s = c.prepareStatement("INSERT INTO events (at, type, phone, channel) VALUES (?, ?, ?, 'sms')")) {
        for (int i = 0; i < 150; i++) {
          s.setObject(1, SqlTimes.of(MONDAY.minus(1, ChronoUnit.HOURS).plusSeconds(random.nextInt(11 * 86_400))));
          s.setString(2, random.nextInt(10) == 0 ? "opted_out" : "sms_received");
          s.setString(3, phone(random.nextInt(RECIPIENTS)));
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
    }
    clock.advance(Duration.ofDays(12));
    Map<String, long[]> expected = expected(ChronoUnit.DAYS, "broadcast:" + broadcast);
    long replies = expected.values().stream().mapToLong(n -> n[3] + n[4]).sum();
    assertTrue(replies > 20, "enough replies to tell periods apart: " + replies);
    Eventually.until("every reply rolled up", Duration.ofSeconds(30), () -> {
      try {
        JsonObject totals = api.ok("/api/broadcasts/" + broadcast + "/timeline").getJsonObject("totals");
        return totals.getLong("replies") + totals.getLong("opt_outs") == replies;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void aBroadcastPerDayFromItsStartMatchesTheRawRows() throws Exception {
    JsonObject t = api.ok("/api/broadcasts/" + broadcast + "/timeline");
    assertEquals("broadcast", t.getString("kind"));
    assertEquals(broadcast, t.getLong("id"));
    assertEquals("day", t.getString("interval"));
    assertEquals("2026-03-02", t.getString("from"), "from the day it started sending");
    assertEquals("2026-03-15", t.getString("to"), "to the end of today");
    assertEquals(expectedPeriods(ChronoUnit.DAYS, "broadcast:" + broadcast, "2026-03-02", 13), periods(t));
    JsonArray markers = t.getJsonArray("markers");
    assertEquals(1, markers.size(), markers.encode());
    assertEquals("2026-03-02 broadcast " + MONDAY + " " + broadcast, markers.getJsonObject(0).getString("period") + " "
        + markers.getJsonObject(0).getString("kind") + " " + markers.getJsonObject(0).getString("at") + " "
        + markers.getJsonObject(0).getLong("broadcast"));
    long sent = periods(t).stream().mapToLong(p -> Long.parseLong(p.split(" ")[1])).sum();
    assertTrue(sent > RECIPIENTS / 2 && sent < RECIPIENTS, "most, not all, were accepted: " + sent);
  }

  @Test
  void aBroadcastPerHourMatchesTheRawRows() throws Exception {
    JsonObject t = api.ok("/api/broadcasts/" + broadcast + "/timeline?interval=hour");
    assertEquals("2026-03-02T08:00:00Z", t.getString("from"), "the first 48 hours of the broadcast");
    assertEquals("2026-03-04T08:00:00Z", t.getString("to"));
    assertEquals(expectedPeriods(ChronoUnit.HOURS, "broadcast:" + broadcast, "2026-03-02T08:00:00Z", 48), periods(t));
    JsonObject later = api.ok("/api/broadcasts/" + broadcast + "/timeline?interval=hour&from=2026-03-05T10:00:00Z"
        + "&to=2026-03-06T10:00:00Z");
    assertEquals(expectedPeriods(ChronoUnit.HOURS, "broadcast:" + broadcast, "2026-03-05T10:00:00Z", 24),
        periods(later));
    assertEquals(0, later.getJsonArray("markers").size(), "the start is outside this window");
  }

  @Test
  void aCampaignCountsAllItsStepsAndNothingElse() throws Exception {
    JsonObject t = api.ok("/api/campaigns/" + CAMPAIGN + "/timeline?from=2026-03-01&to=2026-03-14");
    assertEquals("campaign", t.getString("kind"));
    assertEquals(expectedPeriods(ChronoUnit.DAYS, "campaign:" + CAMPAIGN, "2026-03-01", 13), periods(t));
    assertTrue(t.getJsonObject("totals").getLong("sent") > 0, t.encode());
  }

  @Test
  void unknownSourcesAndBadParametersAreRefusedByName() throws Exception {
    assertEquals(404, api.get("/api/broadcasts/999/timeline").statusCode());
    assertEquals(404, api.get("/api/campaigns/no-such/timeline").statusCode());
    var bad = api.get("/api/broadcasts/" + broadcast + "/timeline?interval=week");
    assertEquals(400, bad.statusCode());
    assertEquals("interval", new JsonObject(bad.body()).getString("parameter"), bad.body());
    bad = api.get("/api/campaigns/" + CAMPAIGN + "/timeline?from=2026-03-09&to=2026-03-02");
    assertEquals(400, bad.statusCode());
    assertEquals("from", new JsonObject(bad.body()).getString("parameter"), bad.body());
  }

  // ---- the reference: the raw rows, counted here ------------------------------------------------------------

  /** Each period as "period sent delivered failed replies opt_outs", {@code count} periods from {@code first}. */
  private static List<String> expectedPeriods(ChronoUnit unit, String source, String first, int count)
      throws Exception {
    Map<String, long[]> byPeriod = expected(unit, source);
    Instant start = unit == ChronoUnit.DAYS ? LocalDate.parse(first).atStartOfDay(ZoneOffset.UTC).toInstant()
        : Instant.parse(first);
    var out = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      String label = label(unit, start.plus(i, unit));
      long[] n = byPeriod.getOrDefault(label, new long[5]);
      out.add(label + " " + n[0] + " " + n[1] + " " + n[2] + " " + n[3] + " " + n[4]);
    }
    return out;
  }

  private static List<String> periods(JsonObject t) {
    return t.getJsonArray("periods").stream().map(JsonObject.class::cast).map(p -> p.getString("period") + " "
        + p.getLong("sent") + " " + p.getLong("delivered") + " " + p.getLong("failed") + " " + p.getLong("replies")
        + " " + p.getLong("opt_outs")).toList();
  }

  private record Row(String phone, String source, String status, Instant submitted, Instant delivered,
                     Instant updated) {}

  /** Counts per period label: sent, delivered, failed, replies, opt-outs of {@code source}'s parts. */
  private static Map<String, long[]> expected(ChronoUnit unit, String source) throws Exception {
    var rows = new ArrayList<Row>();
    var events = new ArrayList<String[]>();
    try (var c = server.database().connection(); var s = c.createStatement()) {
      try (var rs = s.executeQuery("SELECT phone, source, status, submitted_at, delivered_at, updated_at FROM outbox")) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), SqlTimes.read(rs, 4).orElse(null),
              SqlTimes.read(rs, 5).orElse(null), SqlTimes.read(rs, 6).orElse(null)));
        }
      }
      try (var rs = s.executeQuery("SELECT phone, type, at FROM events WHERE type IN ('sms_received', 'opted_out')")) {
        while (rs.next()) {
          events.add(new String[] {rs.getString(1), rs.getString(2),
              rs.getObject(3, OffsetDateTime.class).toInstant().toString()});
        }
      }
    }
    Map<String, long[]> out = new TreeMap<>();
    java.util.function.Predicate<String> mine = src -> src != null && src.startsWith(source + "/");
    for (Row r : rows) {
      if (!mine.test(r.source())) continue;
      if (r.submitted() != null) out.computeIfAbsent(label(unit, r.submitted()), k -> new long[5])[0]++;
      if (r.status().equals("delivered")) out.computeIfAbsent(label(unit, r.delivered()), k -> new long[5])[1]++;
      if (r.status().equals("failed") || r.status().equals("expired")) {
        out.computeIfAbsent(label(unit, r.updated()), k -> new long[5])[2]++;
      }
    }
    for (String[] e : events) {
      Instant at = Instant.parse(e[2]);
      Row last = null;
      for (Row r : rows) {
        if (r.source() == null || r.submitted() == null || !r.phone().equals(e[0])) continue;
        if (r.submitted().isAfter(at) || r.submitted().isBefore(at.minus(Duration.ofDays(7)))) continue;
        if (last == null || r.submitted().isAfter(last.submitted())) last = r;
      }
      if (last != null && mine.test(last.source())) {
        out.computeIfAbsent(label(unit, at), k -> new long[5])[e[1].equals("opted_out") ? 4 : 3]++;
      }
    }
    return out;
  }

  private static String label(ChronoUnit unit, Instant at) {
    return unit == ChronoUnit.DAYS ? LocalDate.ofInstant(at, ZoneOffset.UTC).toString()
        : at.truncatedTo(ChronoUnit.HOURS).toString();
  }

  // ---- the week, played -------------------------------------------------------------------------------------

  private static String phone(int i) {
    return "+2547000071" + String.format("%02d", i);
  }

  private static long insert(java.sql.Connection c, String phone, String source, Instant created) throws Exception {
    try (var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, updated_at, next_attempt_at,"
        + " source) VALUES (?, 'tip', 'queued', ?, ?, ?, ?)", new String[] {"id"})) {
      s.setString(1, phone);
      for (int i = 2; i <= 4; i++) s.setObject(i, SqlTimes.of(created));
      s.setString(5, source);
      s.executeUpdate();
      try (var keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * What became of one message queued at {@code from}: accepted within 5 days (minutes to hours apart, so that
   * hours and days both vary), then delivered, failed or expired hours later, or left at submitted; one in ten was
   * refused before acceptance.
   */
  private static void settle(java.sql.Connection c, long id, Instant from, Random random) throws Exception {
    Instant submitted = from.plusSeconds(random.nextInt(5 * 86_400));
    Instant after = submitted.plusSeconds(30 + random.nextInt(20 * 3600));
    int roll = random.nextInt(20);
    String status = roll < 2 ? "failed" : roll < 13 ? "delivered" : roll < 16 ? "failed" : roll < 17 ? "expired"
        : "submitted";
    try (var s = c.prepareStatement("UPDATE outbox SET status = ?, submitted_at = ?, delivered_at = ?,"
        + " updated_at = ? WHERE id = ?")) {
      s.setString(1, status);
      if (roll < 2) s.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE); else s.setObject(2, SqlTimes.of(submitted));
      if (status.equals("delivered")) s.setObject(3, SqlTimes.of(after));
      else s.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
      s.setObject(4, SqlTimes.of(roll < 2 ? submitted : status.equals("submitted") ? submitted : after));
      s.setLong(5, id);
      assertEquals(1, s.executeUpdate());
    }
  }
}
