package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.Eventually;

/**
 * After a restart the server holds the current version of a flow only: an older version's funnel is still served,
 * over the nodes its runs reached (a node since removed keeps its counts, of kind "unknown"), and says so.
 */
@Tag("database")
class VersionFunnelRestartTest {
  @TempDir
  Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anOlderVersionsFunnelOutlivesARestart() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("poll.yaml"), VersionFunnelApiTest.poll(1, "q2", "How many times?"));
    String db = TestDatabases.location(dir);
    String v1;
    try (var server = start(flows, db)) {
      String viewer = new ApiTokens(server.database(), Clock.systemUTC()).create(Role.VIEWER, "viewer",
          Optional.empty(), "test").token();
      Files.writeString(dir.resolve("viewer"), viewer);
      assertTrue(at(server, "+254700007101", "").startsWith("CON"));
      assertTrue(at(server, "+254700007101", "1").contains("How many"));
      assertTrue(at(server, "+254700007101", "1*3").startsWith("END"));
      v1 = get(server, viewer, "/api/flows/poll/versions").getString("current");
      String version = v1;
      Eventually.within(Duration.ofSeconds(10), // the rollup reads new events every second
          () -> get(server, viewer, "/api/flows/poll/funnel?version=" + version).getLong("runs") >= 1);
    }
    Files.writeString(flows.resolve("poll.yaml"), VersionFunnelApiTest.poll(2, "q3", "How far is it, in km?"));
    try (var server = start(flows, db)) {
      String viewer = Files.readString(dir.resolve("viewer"));
      assertNotEquals(v1, get(server, viewer, "/api/flows/poll/versions").getString("current"));
      JsonObject old = get(server, viewer, "/api/flows/poll/funnel?version=" + v1);
      assertEquals(1, old.getLong("runs"));
      assertTrue(old.getString("definition").startsWith("not held since the server restarted"), old.encode());
      assertEquals("q1 known 1, bye known 1, q2 unknown 1", String.join(", ", old.getJsonArray("nodes").stream()
          .map(JsonObject.class::cast).map(n -> n.getString("node") + (n.getString("kind").equals("unknown")
              ? " unknown " : " known ") + n.getLong("reached")).toList()));
    }
  }

  static KabambeServer start(Path flows, String db) throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return KabambeServer.start(new ServeOptions("127.0.0.1", port, flows, db, Optional.empty()), Clock.systemUTC());
  }

  String at(KabambeServer server, String phone, String text) throws Exception {
    String body = "sessionId=r1&phoneNumber=" + URLEncoder.encode(phone, StandardCharsets.UTF_8) + "&serviceCode="
        + URLEncoder.encode("*384*77#", StandardCharsets.UTF_8) + "&text=" + URLEncoder.encode(text,
        StandardCharsets.UTF_8);
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ussd/africastalking"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  JsonObject get(KabambeServer server, String token, String path) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }
}
