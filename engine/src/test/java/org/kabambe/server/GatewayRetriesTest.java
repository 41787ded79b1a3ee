package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kabambe.connectors.ussd.UssdReply;
import org.kabambe.simulator.GatewayWire;
import org.kabambe.simulator.WirePhone;
import org.kabambe.store.EventRow;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * A gateway resending a hop (our reply was slow or lost) gets the same screen again and records nothing, over
 * each wire format: real HTTP to a server on a random port, on a real database. The survey's first two questions
 * both accept "7", so the same input twice in a row is also two real answers, which must not be swallowed.
 */
@Tag("database")
class GatewayRetriesTest {
  static final String AGE = "Hi 7! Your age?\n0 Back";
  static final String COLOUR = "Favourite colour?\n1. Red\n2. Blue\n0 Back";

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  KabambeServer server;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("survey.yaml"), UssdServiceTest.SURVEY);
    // Flares sends the dial without its service code's '*' and '#': the server is told the code.
    var gateways = new StringBuilder("gateways:\n");
    for (GatewayWire g : GatewayWire.values()) {
      gateways.append("  ").append(g.id()).append(": {service_code: \"*100#\"}\n");
    }
    Path config = Files.writeString(dir.resolve("kabambe.yaml"), gateways);
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), flows,
        TestDatabases.location(dir), Optional.of(config)), clock);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @ParameterizedTest
  @EnumSource(value = GatewayWire.class, names = "AFRICASTALKING", mode = EnumSource.Mode.EXCLUDE)
  void anExactRetryWithinTheWindowIsReplayedAndTheSameInputLaterIsANewAnswer(GatewayWire gateway) throws Exception {
    String phone = "+254733000001";
    var p = new WirePhone(server.port(), gateway, phone);
    assertEquals("Your nickname?", p.dial("*100#").text());
    assertEquals(AGE, p.send("7").text());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(UssdReply.continueWith(AGE), p.retry(), "the retry gets the same screen");
    assertEquals(UssdReply.continueWith(AGE), p.retry());
    assertEquals(List.of("nickname=7"), answers(phone), "a retry records no answer");

    clock.advance(Duration.ofSeconds(5)); // the participant read the screen and typed "7" again: an answer
    assertEquals(COLOUR, p.send("7").text());
    assertEquals(List.of("nickname=7", "age=7"), answers(phone));
    assertTrue(metrics().contains("kabambe_ussd_hops_total{gateway=\"" + gateway.id() + "\",outcome=\"retry\"} 2.0"));
  }

  @Test
  void hubtelsSequenceTellsARetryFromTheSameInputTypedAgain() throws Exception {
    String phone = "233244000001";
    assertEquals("Your nickname?", hubtel("h-1", phone, "Initiation", "*100#", 1));
    assertEquals(AGE, hubtel("h-1", phone, "Response", "7", 2));
    assertEquals(AGE, hubtel("h-1", phone, "Response", "7", 2));
    assertEquals(List.of("nickname=7"), answers("+" + phone));
    // At once, with the next Sequence: a new answer, though within the window and the same input.
    assertEquals(COLOUR, hubtel("h-1", phone, "Response", "7", 3));
    assertEquals(List.of("nickname=7", "age=7"), answers("+" + phone));
  }

  @Test
  void fiftyConcurrentIdenticalHubtelRequestsGiveOneAnswerAndFortyNineReplays() throws Exception {
    String phone = "233244000002";
    hubtel("h-2", phone, "Initiation", "*100#", 1);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    String body = hubtelBody("h-2", phone, "Response", "7", 2);
    for (int i = 0; i < 50; i++) {
      sent.add(http.sendAsync(post("/ussd/hubtel", body), HttpResponse.BodyHandlers.ofString()));
    }
    for (var r : sent) assertEquals(AGE, new JsonObject(r.get().body()).getString("Message"));
    assertEquals(List.of("nickname=7"), answers("+" + phone));
    List<String> types = new HopHistory(server.database()).eventsOf("+" + phone).stream().map(EventRow::type).toList();
    assertEquals(0, types.stream().filter("invalid_answer"::equals).count(), types.toString());
    assertTrue(metrics().contains("kabambe_ussd_hops_total{gateway=\"hubtel\",outcome=\"retry\"} 49.0"), metrics());
  }

  @Test
  void theGenericFormatsRequestIdTellsARetryFromTheSameInputTypedAgain() throws Exception {
    String phone = "+265991000001";
    assertEquals("Your nickname?", generic("g-1", phone, "", true, "r1"));
    assertEquals(AGE, generic("g-1", phone, "7", false, "r2"));
    assertEquals(AGE, generic("g-1", phone, "7", false, "r2"));
    assertEquals(List.of("nickname=7"), answers(phone));
    assertEquals(COLOUR, generic("g-1", phone, "7", false, "r3"));
    assertEquals(List.of("nickname=7", "age=7"), answers(phone));
  }

  private String hubtel(String session, String phone, String type, String message, int sequence) throws Exception {
    var r = http.send(post("/ussd/hubtel", hubtelBody(session, phone, type, message, sequence)),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("Message");
  }

  private static String hubtelBody(String session, String phone, String type, String message, int sequence) {
    return new JsonObject().put("SessionId", session).put("Mobile", phone).put("ServiceCode", "*100#")
        .put("Type", type).put("Message", message).put("Operator", "mtn").put("Sequence", sequence)
        .put("ClientState", "").encode();
  }

  private String generic(String session, String phone, String input, boolean fresh, String requestId)
      throws Exception {
    String body = new JsonObject().put("sessionId", session).put("msisdn", phone).put("serviceCode", "*100#")
        .put("input", input).put("new", fresh).put("requestId", requestId).encode();
    var r = http.send(post("/ussd/generic", body), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("text");
  }

  private HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private List<String> answers(String phone) {
    return new HopHistory(server.database()).answersOf(phone).stream().map(a -> a.name() + "=" + a.valueText())
        .toList();
  }

  private String metrics() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Authorization", "Bearer " + ApiTestTokens.author(server)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
