package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.Eventually;

/**
 * "Drop-off by version" over HTTP: a poll serves version 1 (q1, q2, bye) to three participants on 2 March, its
 * file is edited on 4 March into version 2 (q2 replaced by q3), which four more participants run; each version's
 * funnel counts exactly the runs driven on it, and the funnel without a version is unchanged (every run).
 */
@Tag("database")
class VersionFunnelApiTest {
  static final String POLL = """
      flow: poll
      title: Poll
      version: %d
      languages: [en]
      start: q1
      triggers: {ussd: ["*384*77#"]}
      nodes:
        q1:
          menu:
            text: {en: "Did you visit the clinic?"}
            save: visited
            options:
              - {label: {en: "Yes"}, goto: %s}
              - {label: {en: "No"}, goto: %s}
        %s:
          ask:
            text: {en: "%s"}
            expect: {number: {min: 0, max: 50, integer: true}}
            invalid: {en: "A number please"}
            save: times
            next: bye
        bye:
          end:
            text: {en: "Thank you!"}
      """;

  @TempDir
  static Path dir;
  static KabambeServer server;
  static MutableClock clock;
  static ApiClient api;
  static String v1;
  static String v2;

  static String poll(int version, String second, String question) {
    return POLL.formatted(version, second, second, second, question);
  }

  @BeforeAll
  static void traffic() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("poll.yaml"), poll(1, "q2", "How many times?"));
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    server = ApiClient.start(dir, flows, clock);
    api = new ApiClient(server, ApiClient.token(server, Role.VIEWER));
    v1 = flowHash();

    // 2 March, version 1: A and B finish, C stops at q2.
    run("a1", "+254700007001", "q2", 2);
    run("b1", "+254700007002", "q2", 2);
    run("c1", "+254700007003", "q2", 1);

    // 4 March: q2 becomes q3 (version 2). D stops at q3, A finishes, F stops at q1; E finishes on 6 March, whose
    // events are more than a day after D's and F's: the rollup counts their runs as left (its idle cut-off).
    setClock("2026-03-04T10:00:00Z");
    Files.writeString(flows.resolve("poll.yaml"), poll(2, "q3", "How far is it, in km?"));
    Eventually.within(Duration.ofSeconds(10), () -> !flowHash().equals(v1)); // the watcher looks every second
    v2 = flowHash();
    assertFalse(v2.equals(v1), "the edited file was never reloaded");
    run("d1", "+254700007004", "q3", 1);
    run("a2", "+254700007001", "q3", 2);
    run("f1", "+254700007006", "q3", 0);
    setClock("2026-03-06T10:00:00Z");
    run("e1", "+254700007005", "q3", 2);
    awaitVersionRuns(Map.of(v1, 3L, v2, 4L));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void eachVersionsFunnelCountsTheRunsDrivenOnIt() throws Exception {
    JsonObject first = awaitFunnel(v1, "q1 3/0, q2 3/1, bye 2/0");
    assertEquals(3, first.getLong("runs"));
    assertEquals(v1, first.getString("version"));
    assertEquals("served", first.getString("definition"), "the server still holds version 1");
    assertEquals(1.0, node(first, "q2").getDouble("reached_share"));

    JsonObject second = awaitFunnel(v2, "q1 4/1, q3 3/1, bye 2/0");
    assertEquals(4, second.getLong("runs"));
    assertEquals(0.5, node(second, "bye").getDouble("reached_share"));
  }

  @Test
  void withoutAVersionTheFunnelCountsEveryRunOverTheCurrentNodes() throws Exception {
    JsonObject all = api.ok("/api/flows/poll/funnel?from=2026-03-01&to=2026-03-07");
    assertEquals(7, all.getLong("runs"));
    assertEquals("q1 7/1, q3 3/1, bye 4/0", steps(all));
    assertFalse(all.containsKey("version"));
  }

  @Test
  void versionsListTheirRunsCompletionsAndFirstServedTimes() throws Exception {
    JsonObject list = api.ok("/api/flows/poll/versions");
    assertEquals(v2, list.getString("current"));
    JsonArray versions = list.getJsonArray("versions");
    assertEquals(2, versions.size(), versions.encodePrettily());
    JsonObject one = versions.getJsonObject(0);
    JsonObject two = versions.getJsonObject(1);
    assertEquals(List.of(v1, 1, "2026-03-02T09:00:00Z", 3L, 2L, 0.6667, false), List.of(one.getString("hash"),
        one.getInteger("version"), one.getString("first_served"), one.getLong("runs"), one.getLong("completed"),
        one.getDouble("completion_rate"), one.getBoolean("current")));
    assertEquals(List.of(v2, 2, "2026-03-04T10:00:00Z", 4L, 2L, 0.5, true), List.of(two.getString("hash"),
        two.getInteger("version"), two.getString("first_served"), two.getLong("runs"), two.getLong("completed"),
        two.getDouble("completion_rate"), two.getBoolean("current")));
  }

  @Test
  void anUnknownVersionIsRefusedByName() throws Exception {
    var r = api.get("/api/flows/poll/funnel?version=deadbeef");
    assertEquals(400, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("version", body.getString("parameter"));
    assertTrue(body.getString("message").contains("'deadbeef'"), r.body());
    assertTrue(body.getString("message").contains("/api/flows/poll/versions"), r.body());
    assertEquals(404, api.get("/api/flows/nope/versions").statusCode());
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /** One run over Africa's Talking: stops after {@code answers} answers (2 reaches the end). */
  static void run(String session, String phone, String second, int answers) throws Exception {
    assertTrue(at(session, phone, "").startsWith("CON"));
    if (answers == 0) return;
    clock.advance(Duration.ofSeconds(10));
    String asked = at(session, phone, "1");
    assertTrue(asked.startsWith("CON") && asked.contains(second.equals("q2") ? "How many" : "How far"), asked);
    if (answers == 1) return;
    clock.advance(Duration.ofSeconds(10));
    assertTrue(at(session, phone, "1*3").startsWith("END"));
  }

  static String at(String session, String phone, String text) throws Exception {
    return api.africasTalking(session, phone, "*384*77#", text);
  }

  static void setClock(String at) {
    clock.advance(Duration.between(clock.instant(), Instant.parse(at)));
  }

  /** The current version's hash, as the versions list names it. */
  static String flowHash() throws Exception {
    return api.ok("/api/flows/poll/versions").getString("current");
  }

  /** The rollup reads new events every second. */
  static void awaitVersionRuns(Map<String, Long> runs) throws Exception {
    Map<String, Long> seen = Eventually.read(Duration.ofSeconds(15), () -> {
      var read = new LinkedHashMap<String, Long>();
      for (Object o : api.ok("/api/flows/poll/versions").getJsonArray("versions")) {
        JsonObject v = (JsonObject) o;
        read.put(v.getString("hash"), v.getLong("runs"));
      }
      return read;
    }, runs::equals);
    if (!seen.equals(runs)) throw new AssertionError("the versions never counted " + runs + " runs (last: " + seen + ")");
  }

  /** A version's funnel once its steps are {@code expected} (left counts follow the idle cut-off's round). */
  static JsonObject awaitFunnel(String version, String expected) throws Exception {
    JsonObject f = Eventually.read(Duration.ofSeconds(5),
        () -> api.ok("/api/flows/poll/funnel?from=2026-03-01&to=2026-03-07&version=" + version),
        read -> steps(read).equals(expected));
    assertEquals(expected, steps(f), "version " + version);
    return f;
  }

  /** "node reached/left" per node, in the funnel's order. */
  static String steps(JsonObject funnel) {
    return String.join(", ", funnel.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .map(n -> n.getString("node") + " " + n.getLong("reached") + "/" + n.getLong("left")).toList());
  }

  static JsonObject node(JsonObject funnel, String id) {
    return funnel.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> n.getString("node").equals(id)).findFirst().orElseThrow();
  }
}
