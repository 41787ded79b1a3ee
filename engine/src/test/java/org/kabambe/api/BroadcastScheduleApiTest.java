package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.Sql;
import org.kabambe.testing.TestDatabases;

/** A scheduled broadcast paused and resumed over the API keeps its time (the server's clock is injected). */
@Tag("database")
class BroadcastScheduleApiTest {
  static final Instant AT = Instant.parse("2027-03-05T09:00:00Z");

  final MutableClock clock = new MutableClock(Instant.parse("2027-03-01T08:00:00Z"));
  KabambeServer server;
  String admin;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, Path.of("../flows"),
        TestDatabases.throwaway(), Optional.empty()), clock);
    admin = new ApiTokens(server.database(), clock).create(Role.ADMIN, "ops", Optional.empty(), "test").token();
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, "
        + "opted_out, created_at) VALUES (?, 'en', FALSE, ?)")) {
      for (int i = 0; i < 5; i++) {
        s.setString(1, String.format("+2547%08d", i));
        s.setObject(2, SqlTimes.of(clock.instant()));
        s.executeUpdate();
      }
    }
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void resumingAPausedScheduledBroadcastWaitsForItsTime() throws Exception {
    long id = create();
    assertEquals("paused", change(id, "pause").getString("status"));
    JsonObject resumed = change(id, "resume");
    assertEquals(true, resumed.getBoolean("resumed"), resumed.encode());
    assertEquals("scheduled", resumed.getString("status"), "back to waiting for " + AT + ": " + resumed.encode());
    server.runBroadcasts();
    assertEquals(0, queued(id), "nothing leaves before its time");
    assertEquals("scheduled", status(id));

    clock.advance(Duration.between(clock.instant(), AT));
    server.runBroadcasts();
    assertEquals("done", status(id));
    assertEquals(5, queued(id), "sent at its time");
  }

  @Test
  void resumedAfterItsTimePassedItStartsAtOnce() throws Exception {
    long id = create();
    assertEquals("paused", change(id, "pause").getString("status"));
    clock.advance(Duration.between(clock.instant(), AT).plusHours(1));
    server.runBroadcasts();
    assertEquals(0, queued(id), "a paused broadcast does not start at its time");
    assertEquals("sending", change(id, "resume").getString("status"));
    server.runBroadcasts();
    assertEquals("done", status(id));
    assertEquals(5, queued(id));
  }

  private long create() throws Exception {
    var created = BroadcastApiTest.call(server, "POST", "/api/broadcasts", admin,
        "{\"text\": \"Clinic open Saturday\", \"at\": \"" + AT + "\"}");
    assertEquals(200, created.statusCode(), created.body());
    JsonObject body = new JsonObject(created.body());
    assertEquals("scheduled", body.getString("status"));
    return body.getLong("id");
  }

  private JsonObject change(long id, String action) throws Exception {
    var r = BroadcastApiTest.call(server, "POST", "/api/broadcasts/" + id + "/" + action, admin, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private String status(long id) throws Exception {
    var r = BroadcastApiTest.call(server, "GET", "/api/broadcasts/" + id, admin, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("status");
  }

  private long queued(long id) {
    return Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE source LIKE 'broadcast:" + id + "/%'");
  }
}
