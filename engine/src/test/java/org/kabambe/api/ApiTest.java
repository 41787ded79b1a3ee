package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.Eventually;

/** The admin API over HTTP: token checks, and figures of a conversation played over the real USSD path. */
@Tag("database")
class ApiTest {
  static final String FLOW = """
      flow: hello
      title: Hello
      languages: [en]
      start: welcome
      triggers: {ussd: ["*384*99#"]}
      nodes:
        welcome:
          menu:
            text: {en: "Are you a health worker?"}
            save: worker
            options:
              - {label: {en: "Yes"}, value: "yes", goto: bye}
              - {label: {en: "No"}, value: "no", goto: bye}
        bye:
          end:
            text: {en: "Thank you!"}
      """;

  @TempDir
  static Path dir;
  static KabambeServer server;
  static ApiTokens tokens;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("hello.yaml"), FLOW);
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, flows, TestDatabases.throwaway(),
        Optional.empty()));
    tokens = new ApiTokens(server.database(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static String token(Role role) {
    return tokens.create(role, role.label() + "-test", Optional.empty(), "test").token();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20));
    if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void refused(HttpResponse<String> r, int status, String error) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(error, new JsonObject(r.body()).getString("error"), r.body());
  }

  @Test
  void tokensAreCheckedAndExplainWhyTheyAreRefused() throws Exception {
    refused(get("/api/live", ""), 401, "missing_token");
    refused(get("/api/live", "kbm_not-a-real-token"), 401, "unknown_token");
    var past = new ApiTokens(server.database(), Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
    refused(get("/api/live", past.create(Role.ADMIN, "old", Optional.of(Duration.ofDays(1)), "test").token()), 401,
        "expired_token");
    var revoked = tokens.create(Role.ADMIN, "gone", Optional.empty(), "test");
    assertTrue(tokens.revoke(revoked.id(), "test"));
    refused(get("/api/live", revoked.token()), 401, "revoked_token");

    String viewer = token(Role.VIEWER);
    assertEquals(200, get("/api/live", viewer).statusCode());
    refused(get("/api/flows", viewer), 403, "insufficient_role");
    refused(get("/api/flows/hello/graph", viewer), 403, "insufficient_role");
    refused(get("/api/export/results/hello.csv", token(Role.AUTHOR)), 403, "insufficient_role");
    assertEquals(200, get("/api/flows", token(Role.AUTHOR)).statusCode());
    refused(get("/api/flows/nope/figures", viewer), 404, "not_found");
    refused(get("/api/flows/hello/figures?from=yesterday", viewer), 400, "bad_request");

    var health = get("/health", "");
    assertEquals(200, health.statusCode(), "health stays public");
    assertEquals("{\"status\":\"up\"}", health.body(), "the public health says up or down, and no more");
    String detailed = get("/health", viewer).body();
    assertTrue(detailed.contains("\"database\"") && detailed.contains("\"writer_queue\""), detailed);
    assertEquals("{\"status\":\"up\"}", get("/health", "not-a-token").body(), "a bad token sees the public answer");
    assertEquals(200, get("/metrics", "").statusCode(), "metrics stay public");
  }

  @Test
  void tokenChangesAreAudited() throws Exception {
    String admin = token(Role.ADMIN);
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/tokens"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\",\"name\":\"dashboard\",\"expires\":\"90d\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    String created = new JsonObject(r.body()).getString("token");
    assertEquals(200, get("/api/live", created).statusCode());
    try (var c = server.database().connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT actor, detail FROM audit WHERE action = 'token.create' ORDER BY id DESC")) {
      assertTrue(rs.next());
      assertEquals("token:admin-test", rs.getString(1));
      assertTrue(rs.getString(2).contains("role viewer, name dashboard, expires"), rs.getString(2));
    }
  }

  @Test
  void aConversationShowsUpInTheFiguresFunnelResultsAndExport() throws Exception {
    ussd("s1", "");
    ussd("s1", "1");
    String viewer = token(Role.VIEWER);
    JsonObject funnel = Eventually.read(Duration.ofSeconds(10), // the rollup reads new events every second
        () -> new JsonObject(get("/api/flows/hello/funnel", viewer).body()),
        f -> f.getJsonArray("nodes").getJsonObject(1).getLong("reached") == 1);
    assertEquals("{\"node\":\"welcome\",\"kind\":\"menu\",\"reached\":1,\"left\":0,\"reached_share\":1.0,"
        + "\"shows\":true,\"next\":[\"bye\"]}", funnel.getJsonArray("nodes").getJsonObject(0).encode());
    assertEquals(1, funnel.getJsonArray("nodes").getJsonObject(1).getLong("reached"), "the end node was reached");
    JsonObject figures = new JsonObject(get("/api/flows/hello/figures", viewer).body());
    assertEquals(1, figures.getJsonObject("engagement").getLong("completed"), figures.encode());
    assertEquals(1, figures.getJsonObject("reach").getLong("participants"));
    JsonObject results = new JsonObject(get("/api/flows/hello/results?by=channel", viewer).body());
    assertEquals("{\"value\":\"yes\",\"label\":\"Yes\",\"count\":1,\"by\":{\"ussd\":1}}",
        results.getJsonArray("questions").getJsonObject(0).getJsonArray("answers").getJsonObject(0).encode());
    String graph = new JsonObject(get("/api/flows/hello/graph", token(Role.AUTHOR)).body()).getString("mermaid");
    assertTrue(graph.contains("reached 1 · left 0"), graph);
    JsonObject live = new JsonObject(get("/api/live", viewer).body());
    assertTrue(live.getJsonObject("last_hour").getLong("sessions_started") >= 1, live.encode());

    var csv = get("/api/export/results/hello.csv", token(Role.ADMIN));
    assertEquals(200, csv.statusCode());
    assertTrue(csv.body().startsWith("\uFEFFparticipant,channel,session"), csv.body());
    assertTrue(csv.body().contains(",ussd,") && csv.body().contains(",welcome,worker,yes,"), csv.body());
    assertTrue(!csv.body().contains("254700000009"), "pseudonymised");
    assertTrue(get("/metrics", "").body().contains("kabambe_flow_events_total{flow=\"hello\",type=\"flow_completed\"}"));
  }

  static void ussd(String session, String text) throws Exception {
    String body = "sessionId=" + session + "&phoneNumber=%2B254700000009&serviceCode=*384*99%23&text=" + text;
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ussd/africastalking"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
