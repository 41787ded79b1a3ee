package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kabambe.contact.FieldValues;
import org.kabambe.contact.Groups;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.SqlTimes;

class BroadcastApiTest {
  static KabambeServer server;
  static ApiTokens tokens;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, Path.of("../flows"), "mem:", Optional.empty()));
    tokens = new ApiTokens(server.database(), Clock.systemUTC());
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, "
        + "opted_out, created_at, field_values, group_list) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 40; i++) {
        s.setString(1, String.format("+2547%08d", i));
        s.setString(2, "en");
        s.setBoolean(3, i % 10 == 0);
        s.setObject(4, SqlTimes.of(java.time.Instant.now()));
        s.setString(5, FieldValues.merge(Optional.empty(), Map.of("district", i < 20 ? "north" : "south")));
        s.setString(6, Groups.encode(List.of("chw")));
        s.executeUpdate();
      }
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void dryRunThenSendAndFollowProgress() throws Exception {
    String admin = tokens.create(Role.ADMIN, "admin", Optional.empty(), "test").token();
    String viewer = tokens.create(Role.VIEWER, "viewer", Optional.empty(), "test").token();
    String request = "{\"text\": \"Flood alert for {{ contact.district }}: move to higher ground.\", "
        + "\"to\": \"groups: chw\", \"where\": \"contact.district == 'north'\"";
    assertEquals(403, call("POST", "/api/broadcasts", viewer, request + ", \"dry_run\": true}").statusCode());
    var dry = call("POST", "/api/broadcasts", admin, request + ", \"dry_run\": true}");
    assertEquals(200, dry.statusCode(), dry.body());
    JsonObject figures = new JsonObject(dry.body());
    assertEquals(18, figures.getLong("recipients"), dry.body()); // 20 north, 2 opted out
    assertEquals(18, figures.getLong("segments"));
    var bad = call("POST", "/api/broadcasts", admin, "{\"text\": \"Hi\", \"where\": \"contact.distric == 1\"}");
    assertEquals(400, bad.statusCode(), bad.body());

    var created = call("POST", "/api/broadcasts", admin, request + "}");
    assertEquals(200, created.statusCode(), created.body());
    long id = new JsonObject(created.body()).getLong("id");
    server.runBroadcasts();
    var progress = call("GET", "/api/broadcasts/" + id, viewer, null);
    assertEquals(200, progress.statusCode(), progress.body());
    assertEquals("done", new JsonObject(progress.body()).getString("status"), progress.body());
    assertEquals(18, new JsonObject(progress.body()).getLong("queued"));
    assertEquals(404, call("GET", "/api/broadcasts/999", viewer, null).statusCode());
  }
}
