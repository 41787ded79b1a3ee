package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.testing.TestDatabases;

/** The dashboard's files and the simulator's two paths: the open generic gateway, and the author-only proxy. */
@Tag("database")
class DashboardRoutesTest {
  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesTheDashboardAndPointsTheSimulatorAtTheOpenGateway() throws Exception {
    try (var server = start(Optional.empty())) {
      var page = get(server, "/", "");
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
      assertTrue(page.body().contains("<script src=\"dashboard.js\""), "the page loads its script");
      String csp = page.headers().firstValue("content-security-policy").orElse("");
      assertTrue(csp.contains("script-src 'self'"), "no inline or foreign script: " + csp);
      assertEquals(200, get(server, "/dashboard.js", "").statusCode());
      assertEquals(200, get(server, "/dashboard.css", "").statusCode());
      assertTrue(page.body().contains("<script src=\"versions.js\""), "and the version comparison's");
      assertEquals(200, get(server, "/versions.js", "").statusCode());
      assertEquals(404, get(server, "/nothing-here.js", "").statusCode());
      assertEquals(200, get(server, "/health", "").statusCode(), "the public routes stay");

      assertEquals(401, get(server, "/api/simulator", "").statusCode(), "the simulator's setup needs a token");
      var info = new JsonObject(get(server, "/api/simulator", token(server, Role.VIEWER)).body());
      assertEquals("/ussd/generic", info.getString("endpoint"));
      assertTrue(info.getJsonArray("flows").encode().contains("*384*12#"), info.encode());
    }
  }

  @Test
  void protectedGatewaysSendTheSimulatorThroughTheAuthorProxy() throws Exception {
    Path config = Files.writeString(dir.resolve("kabambe.yaml"), """
        gateways:
          generic: {token: "gateway-secret"}
          africastalking: {token: "another-secret"}
        """);
    try (var server = start(Optional.of(config))) {
      String viewer = token(server, Role.VIEWER);
      String author = token(server, Role.AUTHOR);
      var info = new JsonObject(get(server, "/api/simulator", viewer).body());
      assertEquals("/api/simulate", info.getString("endpoint"));
      assertEquals("author", info.getString("needs_role"));

      String dial = hop("sim-1", "+447700900923", "", true);
      assertEquals(403, post(server, "/ussd/generic", "", dial).statusCode(), "the gateway wants its secret");
      assertEquals(401, post(server, "/api/simulate", "", dial).statusCode());
      assertEquals(403, post(server, "/api/simulate", viewer, dial).statusCode(), "viewers only read");

      var first = post(server, "/api/simulate", author, dial);
      assertEquals(200, first.statusCode(), first.body());
      var screen = new JsonObject(first.body());
      assertTrue(screen.getString("text").contains("Language / Langue"), screen.encode());
      assertFalse(screen.getBoolean("end"));
      var second = new JsonObject(post(server, "/api/simulate", author, hop("sim-1", "+447700900923", "1", false))
          .body());
      assertTrue(second.getString("text").contains("Vaccine survey"), second.encode());

      var real = post(server, "/api/simulate", author, hop("sim-2", "+254700000001", "", true));
      assertEquals(400, real.statusCode(), "the proxy never answers for a real number");
      assertTrue(real.body().contains("fictional"), real.body());
      assertEquals(400, post(server, "/api/simulate", author, "not json").statusCode());
    }
  }

  private KabambeServer start(Optional<Path> config) throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), UssdClient.DEMO_FLOWS,
        TestDatabases.throwaway(), config));
  }

  private static String token(KabambeServer server, Role role) {
    return new ApiTokens(server.database(), Clock.systemUTC()).create(role, role.label(), Optional.empty(), "test")
        .token();
  }

  private static String hop(String session, String msisdn, String input, boolean fresh) {
    return new JsonObject().put("sessionId", session).put("msisdn", msisdn).put("serviceCode", "*384*12#")
        .put("input", input).put("new", fresh).encode();
  }

  private HttpResponse<String> get(KabambeServer server, String path, String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20));
    if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(KabambeServer server, String path, String token, String json) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
