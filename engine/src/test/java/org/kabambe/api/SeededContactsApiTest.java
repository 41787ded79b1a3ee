package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.cli.Main;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.TestDatabases;

/** The admin API over a database `kabambe seed` filled: the demo contacts exist before anyone has been seen. */
@Tag("database")
class SeededContactsApiTest {
  static final Path FLOWS = Path.of("../flows");
  static final String VACCINE = "*384*12#";
  static final String CLIMATE = "*384*14#";

  @TempDir
  static Path dir;
  static KabambeServer server;
  static String viewer;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void seedThenServe() throws Exception {
    String db = TestDatabases.location(dir.resolve("db"));
    var out = new StringWriter();
    int seeded = Main.run(new PrintWriter(out, true), new PrintWriter(out, true), "seed", "--db", db, "--flows",
        FLOWS.toString(), "--seeds", FLOWS.resolveSibling("seeds").toString());
    assertEquals(Main.OK, seeded, out.toString());
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, FLOWS, db, Optional.empty()));
    viewer = new ApiTokens(server.database(), Clock.systemUTC()).create(Role.VIEWER, "viewer", Optional.empty(),
        "test").token();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + viewer).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One hop of the open generic gateway's JSON format, as a participant's phone (or the web simulator) makes it. */
  static JsonObject dial(String code, String session, String msisdn, String input, boolean fresh) throws Exception {
    String body = new JsonObject().put("sessionId", session).put("msisdn", msisdn).put("serviceCode", code)
        .put("input", input).put("new", fresh).encode();
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ussd/generic"))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  @Test
  void listsImportedContactsNeverSeenAndThenSeen() throws Exception {
    var r = get("/api/contacts");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject page = new JsonObject(r.body());
    assertEquals(30, page.getLong("total"), r.body());
    JsonArray contacts = page.getJsonArray("contacts");
    assertEquals(30, contacts.size());
    for (Object o : contacts) {
      JsonObject c = (JsonObject) o;
      assertFalse(c.getString("participant").isBlank(), c.encode());
      assertFalse(c.encode().contains("+4477"), "pseudonymised: " + c.encode());
      assertNull(c.getValue("first_seen"), "imported, never seen: " + c.encode());
      assertNull(c.getValue("last_seen"), c.encode());
    }
    assertEquals(2, contacts.stream().map(o -> ((JsonObject) o).getString("language")).distinct().count());

    dial(CLIMATE, "seen-1", "+447700900501", "", true);
    Eventually.until("the seeded contact's first hop recorded", Duration.ofSeconds(20), () -> {
      try {
        return new JsonObject(get("/api/contacts").body()).getJsonArray("contacts").stream()
            .filter(o -> ((JsonObject) o).getValue("first_seen") instanceof String).count() == 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A demo journey from a seeded contact counts in the figures; one from the web simulator's numbers does not. */
  @Test
  void aSeededContactsJourneyCountsAndTheSimulatorsDoesNot() throws Exception {
    assertTrue(dial(VACCINE, "demo-1", "+447700900500", "", true).getString("text").contains("Language"));
    dial(VACCINE, "demo-1", "+447700900500", "1", false);
    var simulator = new JsonObject(get("/api/simulator").body());
    String simulated = simulator.getString("numbers").split("\\.\\.")[1]; // the range's last number
    dial(VACCINE, "sim-1", simulated, "", true);
    dial(VACCINE, "sim-1", simulated, "1", false);
    Eventually.until("both runs rolled up", Duration.ofSeconds(30), () -> participants("") + participants("sim")
        == 2);
    assertEquals(1, participants(""), "the seeded contact's journey is in the programme's figures");
    assertEquals(1, participants("sim"), "the simulator's is counted apart");
  }

  private static long participants(String channel) {
    try {
      var r = get("/api/flows/vaccine-confidence/figures" + (channel.isEmpty() ? "" : "?channel=" + channel));
      assertEquals(200, r.statusCode(), r.body());
      return new JsonObject(r.body()).getJsonObject("reach").getLong("participants");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
