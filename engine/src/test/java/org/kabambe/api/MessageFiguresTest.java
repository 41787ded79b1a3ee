package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.contact.Groups;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * Broadcast and campaign figures end to end: a broadcast with two arms goes out over SMPP to the SMSC simulator
 * (receipts: delivered), some recipients reply and one sends STOP; a campaign subscriber gets a tip and replies.
 * The API then shows per arm and per step what was sent, delivered, to how many numbers, and the replies.
 */
@Tag("database")
class MessageFiguresTest {
  static final int RECIPIENTS = 20;
  static final String SUBSCRIBER = "254711000099";

  @TempDir
  Path dir;
  SmscSimulator smsc;
  KabambeServer server;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (smsc != null) smsc.close();
  }

  @Test
  void broadcastArmsAndCampaignStepsShowReachAndReplies() throws Exception {
    var clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret"));
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, Path.of("../flows"),
        TestDatabases.location(dir), Optional.empty(), List.of(smsc.url("tps=500&reconnect_min=50ms"))), clock);
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), server::smsReady);
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language,"
        + " opted_out, created_at, group_list) VALUES (?, 'en', FALSE, ?, ?)")) {
      for (int i = 0; i < RECIPIENTS; i++) {
        s.setString(1, "+" + recipient(i));
        s.setObject(2, SqlTimes.of(clock.instant()));
        s.setString(3, Groups.encode(List.of("chw")));
        s.executeUpdate();
      }
    }
    String admin = new ApiTokens(server.database(), clock).create(Role.ADMIN, "admin", Optional.empty(), "test")
        .token();
    String viewer = new ApiTokens(server.database(), clock).create(Role.VIEWER, "viewer", Optional.empty(), "test")
        .token();

    var created = call("POST", "/api/broadcasts", admin, "{\"arms\": {\"a\": \"Clinic open Saturday (A)\","
        + " \"b\": \"Clinic open Saturday (B)\"}, \"to\": \"groups: chw\", \"seed\": 7}");
    assertEquals(200, created.statusCode(), created.body());
    long id = new JsonObject(created.body()).getLong("id");
    server.runBroadcasts();
    smsc.awaitReceived(RECIPIENTS, Duration.ofSeconds(20));
    // Recipients 0 and 1 reply, 2 sends STOP.
    smsc.sendMo(recipient(0), "384", "thanks").get(10, TimeUnit.SECONDS);
    smsc.sendMo(recipient(1), "384", "what time?").get(10, TimeUnit.SECONDS);
    smsc.sendMo(recipient(2), "384", "STOP").get(10, TimeUnit.SECONDS);

    // A campaign subscriber (not a recipient of the broadcast) gets tip 1 the next day and replies to it.
    smsc.sendMo(SUBSCRIBER, "384", "tips").get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofHours(23)); // 3 March 09:00: tip 1 ("heat-water") is due
    server.tickCampaigns();
    Eventually.until("tip 1", Duration.ofSeconds(15), () -> smsc.received().stream()
        .anyMatch(m -> m.text().startsWith("Climate tip 1/6")));
    smsc.sendMo(SUBSCRIBER, "384", "ok").get(10, TimeUnit.SECONDS);

    Map<String, String> armOf = new HashMap<>();
    try (var c = server.database().connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT phone, arm FROM broadcast_recipients WHERE broadcast_id = " + id)) {
      while (rs.next()) armOf.put(rs.getString(1), rs.getString(2));
    }
    assertEquals(RECIPIENTS, armOf.size());
    long inA = armOf.values().stream().filter("a"::equals).count();

    JsonObject[] report = new JsonObject[1];
    Eventually.until("the broadcast's receipts and replies in its figures", Duration.ofSeconds(30), () -> {
      report[0] = json(viewer, "/api/messages/broadcasts/" + id);
      JsonObject t = report[0].getJsonObject("total");
      return t.getLong("delivered") == RECIPIENTS && t.getLong("replies") == 3;
    });
    JsonObject total = report[0].getJsonObject("total");
    assertEquals(RECIPIENTS, total.getLong("messages"), report[0].encode());
    assertEquals(RECIPIENTS, total.getLong("sent"));
    assertEquals(0, total.getLong("failed"));
    assertEquals(RECIPIENTS, total.getLong("recipients"));
    assertEquals(3, total.getLong("repliers"));
    assertEquals(1, total.getLong("opt_outs"));
    assertEquals(0.15, total.getDouble("reply_rate"), 1e-9);
    JsonArray parts = report[0].getJsonArray("parts");
    assertEquals(List.of("a", "b"), parts.stream().map(p -> ((JsonObject) p).getString("name")).toList());
    JsonObject a = parts.getJsonObject(0);
    JsonObject b = parts.getJsonObject(1);
    assertEquals(inA, a.getLong("recipients"));
    assertEquals(RECIPIENTS - inA, b.getLong("recipients"));
    assertEquals(inA, a.getLong("delivered"));
    long repliesInA = List.of(0, 1, 2).stream().filter(i -> armOf.get("+" + recipient(i)).equals("a")).count();
    assertEquals(repliesInA, a.getLong("replies"), "replies go to the arm the number was sent");
    assertEquals(3 - repliesInA, b.getLong("replies"));

    JsonObject[] campaign = new JsonObject[1];
    Eventually.until("the campaign reply", Duration.ofSeconds(30), () -> {
      campaign[0] = json(viewer, "/api/messages/campaigns/climate-tips");
      return campaign[0].getJsonObject("total").getLong("replies") == 1
          && campaign[0].getJsonObject("total").getLong("delivered") == 1;
    });
    JsonObject step = campaign[0].getJsonArray("parts").getJsonObject(0);
    assertEquals("heat-water", step.getString("name"), campaign[0].encode());
    assertEquals(1, step.getLong("recipients"));
    assertEquals(1, step.getLong("repliers"));
    assertEquals(3, json(viewer, "/api/messages/broadcasts/" + id).getJsonObject("total").getLong("replies"),
        "the subscriber's reply is the campaign's, not the broadcast's");

    JsonObject list = json(viewer, "/api/messages");
    assertEquals(id, list.getJsonArray("broadcasts").getJsonObject(0).getLong("id"), list.encode());
    assertEquals(List.of("a", "b"), list.getJsonArray("broadcasts").getJsonObject(0).getJsonArray("arms").getList());
    assertTrue(list.getJsonArray("campaigns").stream().anyMatch(c -> ((JsonObject) c).getString("id")
        .equals("climate-tips")), list.encode());
    assertEquals(404, call("GET", "/api/messages/broadcasts/999", viewer, null).statusCode());
    assertEquals(404, call("GET", "/api/messages/campaigns/nope", viewer, null).statusCode());
    assertEquals(401, call("GET", "/api/messages", "", null).statusCode());
  }

  private static String recipient(int i) {
    return String.format("2547110%05d", i);
  }

  private JsonObject json(String token, String path) {
    try {
      var r = call("GET", path, token, null);
      assertEquals(200, r.statusCode(), r.body());
      return new JsonObject(r.body());
    } catch (Exception e) {
      throw new AssertionError(path, e);
    }
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
