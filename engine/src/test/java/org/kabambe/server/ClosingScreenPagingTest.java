package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.ussd.UssdReply;
import org.kabambe.simulator.GatewayWire;
import org.kabambe.simulator.WirePhone;
import org.kabambe.store.EventRow;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.Sql;
import org.kabambe.testing.TestDatabases;

/**
 * A closing screen longer than one USSD screen is read page by page ("98 More") to its last page, which ends the
 * session, over every gateway's wire format: real HTTP to a server on a random port, on a real database.
 */
@Tag("database")
class ClosingScreenPagingTest {
  @TempDir
  static Path dir;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  static KabambeServer server;
  static int number;

  @BeforeAll
  static void start() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("facts.yaml"), FACTS);
    // Flares sends the dial without its service code's '*' and '#': the server is told the code.
    var gateways = new StringBuilder("gateways:\n");
    for (GatewayWire g : GatewayWire.values()) gateways.append("  ").append(g.id()).append(": {service_code: \"*150#\"}\n");
    Path config = Files.writeString(dir.resolve("kabambe.yaml"), gateways);
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), flows,
        TestDatabases.location(dir), Optional.of(config)), CLOCK);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @ParameterizedTest
  @EnumSource(GatewayWire.class)
  void aLongEndTextIsReadToItsLastPageWhichEndsTheSession(GatewayWire gateway) {
    String phone = "+25470000" + String.format("%04d", ++number);
    var p = new WirePhone(server.port(), gateway, phone);
    assertFalse(p.dial("*150#").end());
    List<String> pages = readToTheEnd(p, p.send("1"));

    assertTrue(pages.size() >= 2, pages.toString());
    assertTrue(pages.get(0).startsWith("Fact one:"), pages.toString());
    assertTrue(pages.get(pages.size() - 1).contains("The end of the facts."), pages.toString());
    ranOnceAndReleasedItsSms(phone);
  }

  @ParameterizedTest
  @EnumSource(GatewayWire.class)
  void aLongSayBeforeAnEndIsReadToItsLastPageWhichEndsTheSession(GatewayWire gateway) {
    String phone = "+25471000" + String.format("%04d", ++number);
    var p = new WirePhone(server.port(), gateway, phone);
    p.dial("*150#");
    List<String> pages = readToTheEnd(p, p.send("2"));

    assertTrue(pages.size() >= 2, pages.toString());
    assertTrue(pages.get(pages.size() - 1).contains("Goodbye."), pages.toString());
    ranOnceAndReleasedItsSms(phone);
  }

  @org.junit.jupiter.api.Test
  void aSessionTheNetworkEndsOnAClosingScreensFirstPageReleasesItsSmsAndIsNoDrop() throws Exception {
    String phone = "+254720000001";
    var p = new AfricasTalkingPhone(server.port(), phone, "*150#");
    p.dial();
    assertTrue(p.send("1").startsWith("CON Fact one:"));
    assertEquals(200, p.notifyEnd("Success"));

    List<String> types = new HopHistory(server.database()).eventsOf(phone).stream().map(EventRow::type).toList();
    assertFalse(types.contains("session_dropped"), types.toString());
    assertEquals(1, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE phone = '" + phone
        + "' AND next_attempt_at <= TIMESTAMP '" + now() + "'"));
  }

  @org.junit.jupiter.api.Test
  void theDashboardsWebSimulatorReadsALongEndTextToItsLastPage() throws Exception {
    String token = ApiTestTokens.author(server);
    String phone = "+447700900950"; // the web simulator's fictional range
    List<io.vertx.core.json.JsonObject> pages = new ArrayList<>();
    String[] inputs = {"*150#", "1", "98", "98"};
    for (int i = 0; i < inputs.length && (pages.isEmpty() || !pages.get(pages.size() - 1).getBoolean("end")); i++) {
      String body = new io.vertx.core.json.JsonObject().put("sessionId", "web-1").put("msisdn", phone)
          .put("serviceCode", "*150#").put("input", i == 0 ? "" : inputs[i]).put("new", i == 0).encode();
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
              + "/api/simulate")).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
      var reply = java.net.http.HttpClient.newHttpClient().send(request,
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode(), reply.body());
      pages.add(new io.vertx.core.json.JsonObject(reply.body()));
    }
    var last = pages.get(pages.size() - 1);
    assertTrue(last.getBoolean("end") && last.getString("text").contains("The end of the facts."), pages.toString());
  }

  /** Follows "98 More" until a screen ends the session; fails if a page repeats (the participant is stuck). */
  private static List<String> readToTheEnd(WirePhone p, UssdReply first) {
    List<String> pages = new ArrayList<>();
    UssdReply shown = first;
    while (true) {
      assertFalse(pages.contains(shown.text()), "a page came again: " + shown.text() + "\nafter " + pages);
      pages.add(shown.text());
      if (shown.end()) return pages;
      assertTrue(shown.text().contains("98 More"), "a closing page that does not end offers More: " + shown.text());
      CLOCK.advance(java.time.Duration.ofSeconds(5)); // a participant reads the page: "98" again is no retry
      shown = p.send("98");
    }
  }

  private static void ranOnceAndReleasedItsSms(String phone) {
    List<String> types = new HopHistory(server.database()).eventsOf(phone).stream().map(EventRow::type).toList();
    assertEquals(1, types.stream().filter("session_started"::equals).count(), types.toString());
    assertEquals(1, types.stream().filter("session_completed"::equals).count(), types.toString());
    // The SMS queued at the end waits while the session is on, and leaves as soon as its last page is shown.
    assertEquals(1, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE phone = '" + phone
        + "' AND next_attempt_at <= TIMESTAMP '" + now() + "'"));
  }

  /** The test clock's time as an SQL timestamp literal (UTC). */
  private static String now() {
    return CLOCK.instant().toString().replace('T', ' ').replace("Z", "");
  }

  static final String FACTS = """
      flow: facts
      title: Long closing screens
      languages: [en]
      start: pick
      triggers: {ussd: ["*150#"]}
      nodes:
        pick:
          menu:
            text: "Which?"
            options:
              - {label: "Facts", goto: facts}
              - {label: "Say then end", goto: long_say}
        facts:
          end:
            text: "Fact one: wash your hands with soap and clean water before you eat, after the toilet and after
              you care for someone who is ill. Fact two: vaccines protect children from measles, polio and
              whooping cough; ask at your clinic for the next dates. Fact three: sleep under a treated net every
              night of the rainy season. The end of the facts."
            do:
              - sms: "Thanks for reading the facts"
        long_say:
          say:
            text: "Before you go: the clinic opens from eight in the morning to five in the evening on weekdays, and
              from nine to one on Saturdays. Bring your child's health card and any medicine you are taking.
              Nurses speak English, Swahili and Luo. Call 116 for a free and confidential helpline at any time."
            next: bye
        bye:
          end:
            text: "Goodbye."
            do:
              - sms: "Thanks for calling"
      """;
}
