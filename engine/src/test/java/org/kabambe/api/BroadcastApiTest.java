package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.contact.Groups;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.FieldValuesColumn;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.TestDatabases;

@Tag("database")
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
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, Path.of("../flows"),
        TestDatabases.throwaway(), Optional.empty()));
    tokens = new ApiTokens(server.database(), Clock.systemUTC());
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, "
        + "opted_out, created_at, field_values, group_list) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 40; i++) {
        s.setString(1, String.format("+2547%08d", i));
        s.setString(2, "en");
        s.setBoolean(3, i % 10 == 0);
        s.setObject(4, SqlTimes.of(java.time.Instant.now()));
        s.setString(5, FieldValuesColumn.merge(Optional.empty(), Map.of("district", i < 20 ? "north" : "south")));
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
    return call(server, method, path, token, body);
  }

  static HttpResponse<String> call(KabambeServer server, String method, String path, String token, String body)
      throws Exception {
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
    assertEquals(2, figures.getLong("opted_out_excluded"), "the segment's, not the 4 of the whole table");
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

  @Test
  void aBroadcastToNobodyIsRefusedAndTheListKeepsWorking() throws Exception {
    String admin = tokens.create(Role.ADMIN, "empty", Optional.empty(), "test").token();
    var empty = call("POST", "/api/broadcasts", admin, "{\"text\": \"Hi\", \"to\": \"groups: nobody\"}");
    assertEquals(400, empty.statusCode(), empty.body());
    assertTrue(empty.body().contains("no recipients"), empty.body());
    var list = call("GET", "/api/broadcasts", admin, null);
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(new JsonObject(list.body()).getJsonArray("broadcasts").stream()
        .noneMatch(b -> ((JsonObject) b).getJsonObject("spec", new JsonObject()).encode().contains("nobody")),
        "nothing was recorded: " + list.body());

    // Scheduled for later, it is recorded (contacts imported before then join it), and lists and reads back.
    var later = call("POST", "/api/broadcasts", admin,
        "{\"text\": \"Hi\", \"to\": \"groups: nobody\", \"at\": \"2099-01-01T09:00:00Z\"}");
    assertEquals(200, later.statusCode(), later.body());
    long id = new JsonObject(later.body()).getLong("id");
    assertEquals(200, call("GET", "/api/broadcasts", admin, null).statusCode());
    assertEquals(200, call("GET", "/api/broadcasts/" + id, admin, null).statusCode());
    assertEquals(200, call("POST", "/api/broadcasts/" + id + "/cancel", admin, null).statusCode());
    assertEquals(200, call("GET", "/api/broadcasts", admin, null).statusCode());
  }

  @Test
  void listPagedWithProgressAndCancelWithdrawsWhatIsStillQueued() throws Exception {
    String admin = tokens.create(Role.ADMIN, "ops", Optional.empty(), "test").token();
    String viewer = tokens.create(Role.VIEWER, "watcher", Optional.empty(), "test").token();
    var created = call("POST", "/api/broadcasts", admin, "{\"text\": \"Clinic closed tomorrow\", \"to\": \"groups: chw\"}");
    assertEquals(200, created.statusCode(), created.body());
    long id = new JsonObject(created.body()).getLong("id");
    assertEquals(36, new JsonObject(created.body()).getLong("recipients"), "its dry run, kept as the plan");
    server.runBroadcasts();
    long queued = org.kabambe.testing.Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE source = "
        + "'broadcast:" + id + "/'");
    assertEquals(36, queued, "no SMS provider here: everything is still queued");
    try (var c = server.database().connection(); var s = c.createStatement()) { // one claimed by a sender already
      s.executeUpdate("UPDATE outbox SET status = 'submitting', attempts = 1 WHERE id = (SELECT MIN(id) FROM outbox "
          + "WHERE source = 'broadcast:" + id + "/')");
    }

    var list = call("GET", "/api/broadcasts", viewer, null);
    assertEquals(200, list.statusCode(), list.body());
    JsonObject page = new JsonObject(list.body());
    assertEquals(1, page.getInteger("page"));
    JsonObject newest = page.getJsonArray("broadcasts").getJsonObject(0);
    assertEquals(id, newest.getLong("id"), "newest first");
    assertEquals("done", newest.getString("status"));
    assertEquals(1.0, newest.getDouble("progress"));
    assertEquals("token:ops", newest.getString("created_by"));
    assertEquals("Clinic closed tomorrow", newest.getJsonObject("spec").getJsonObject("arms").getString(""));
    assertEquals(page.getLong("total"), (long) page.getJsonArray("broadcasts").size());
    assertEquals(0, new JsonObject(call("GET", "/api/broadcasts?page=2", viewer, null).body())
        .getJsonArray("broadcasts").size());
    assertEquals(400, call("GET", "/api/broadcasts?page=0", viewer, null).statusCode());
    assertEquals(401, call("GET", "/api/broadcasts", "kbm_nope", null).statusCode());

    assertEquals(403, call("POST", "/api/broadcasts/" + id + "/cancel", viewer, null).statusCode());
    assertEquals(404, call("POST", "/api/broadcasts/999/cancel", admin, null).statusCode());
    var cancel = call("POST", "/api/broadcasts/" + id + "/cancel", admin, null);
    assertEquals(200, cancel.statusCode(), cancel.body());
    JsonObject cancelled = new JsonObject(cancel.body());
    assertEquals(true, cancelled.getBoolean("cancelled"));
    assertEquals("cancelled", cancelled.getString("status"));
    assertEquals(35, cancelled.getLong("withdrawn"), "all but the one a sender had claimed");
    assertEquals(1, org.kabambe.testing.Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE source = "
        + "'broadcast:" + id + "/'"));
    assertEquals(false, new JsonObject(call("POST", "/api/broadcasts/" + id + "/cancel", admin, null).body())
        .getBoolean("cancelled"), "once only");
    assertEquals(false, new JsonObject(call("POST", "/api/broadcasts/" + id + "/resume", admin, null).body())
        .getBoolean("resumed"), "a cancelled broadcast stays cancelled");
    try (var c = server.database().connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT actor, action, detail FROM audit WHERE target = 'broadcast " + id
             + "' ORDER BY id")) {
      var rows = new java.util.ArrayList<String>();
      while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
      assertEquals(2, rows.size(), rows.toString());
      assertEquals("token:ops broadcast.create: 36 recipients, 36 segments", rows.get(0).split(", from")[0]);
      assertEquals("token:ops broadcast.cancel: 35 queued messages withdrawn", rows.get(1));
    }
  }
}
