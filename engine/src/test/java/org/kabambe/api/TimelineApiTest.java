package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * The "over time" API over HTTP, on a server whose clock the test moves: participants dial a poll over Africa's
 * Talking on 2 March (three runs, two completed, one left unfinished) and 4 March (one run, and one from the web
 * simulator), a broadcast goes out on 3 March and the flow file is edited before 4 March; the timeline shows each
 * run on its day and hour, per channel, with both markers, as JSON and as CSV.
 */
@Tag("database")
class TimelineApiTest {
  static final String POLL = """
      flow: poll
      title: Poll
      languages: [en]
      start: q1
      triggers: {ussd: ["*384*77#"]}
      nodes:
        q1:
          menu:
            text: {en: "%s"}
            save: visited
            options:
              - {label: {en: "Yes"}, goto: q2}
              - {label: {en: "No"}, goto: q2}
        q2:
          ask:
            text: {en: "How many times?"}
            expect: {number: {min: 0, max: 50, integer: true}}
            invalid: {en: "A number please"}
            save: times
            next: bye
        bye:
          end:
            text: {en: "Thank you!"}
      """;
  static final String OTHER = """
      flow: other
      title: Other
      languages: [en]
      start: bye
      triggers: {ussd: ["*384*78#"]}
      nodes:
        bye:
          end:
            text: {en: "Hello and goodbye"}
      """;
  static final String A = "+254700006001";
  static final String B = "+254700006002";
  static final String C = "+254700006003";

  @TempDir
  static Path dir;
  static KabambeServer server;
  static MutableClock clock;
  static String viewer;
  static ApiClient api;

  @BeforeAll
  static void traffic() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("poll.yaml"), POLL.formatted("Did you visit the clinic?"));
    Files.writeString(flows.resolve("other.yaml"), OTHER);
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    server = ApiClient.start(dir, flows, clock);
    viewer = ApiClient.token(server, Role.VIEWER);
    api = new ApiClient(server, viewer);
    String admin = ApiClient.token(server, Role.ADMIN);

    // 2 March: A takes 40 s, B 60 s, C stops after the first answer; A also dials the other flow.
    poll("a1", A, 20, true);
    poll("b1", B, 30, true);
    poll("c1", C, 10, false);
    assertTrue(at("o1", A, "*384*78#", "").startsWith("END"));

    // 3 March: a broadcast (the clock says when it starts).
    setClock("2026-03-03T09:00:00Z");
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language,"
        + " opted_out, created_at, group_list) VALUES (?, 'en', FALSE, CURRENT_TIMESTAMP, ';chw;')")) {
      s.setString(1, "+254700006009");
      s.executeUpdate();
    }
    var made = api.send(HttpRequest.newBuilder(api.uri("/api/broadcasts")).header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"text\": \"Clinic day on Friday\", \"to\": \"groups: chw\"}")).build());
    assertEquals(200, made.statusCode(), made.body());
    server.runBroadcasts();

    // 4 March, 14:30: the poll's question is reworded (a new version), then A runs it again and the simulator too.
    setClock("2026-03-04T14:30:00Z");
    Files.writeString(flows.resolve("poll.yaml"), POLL.formatted("Did you go to the clinic?"));
    awaitMarkers("version", 2);
    poll("a2", A, 5, true);
    var sim = generic("s1", "+447700900901", "", true);
    assertTrue(sim.contains("clinic"), sim);
    generic("s1", "+447700900901", "1", false);
    assertTrue(generic("s1", "+447700900901", "2", false).contains("\"end\":true"));
    awaitRuns("/api/timeline?from=2026-03-01&to=2026-03-05", "5 runs, 4 completed, 1 dropped");
    awaitRuns("/api/flows/poll/timeline?from=2026-03-01&to=2026-03-05&channel=sim", "1 runs, 1 completed, 0 dropped");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void runsShowOnTheDaysTheyStartedWithZerosBetween() throws Exception {
    JsonObject t = api.ok("/api/flows/poll/timeline?from=2026-03-01&to=2026-03-06");
    assertEquals("day", t.getString("interval"));
    assertEquals("2026-03-01", t.getString("from"));
    assertEquals("2026-03-06", t.getString("to"));
    Map<String, JsonObject> days = byPeriod(t);
    assertEquals(List.of("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"),
        List.copyOf(days.keySet()), "one entry per day, to exclusive");
    assertEquals("0 0 0 0 0.0 null", row(days.get("2026-03-01")));
    // C's unfinished run counts as dropped once a day without news has passed (the rollup's idle cut-off).
    assertEquals("3 3 2 1 0.6667 50.0", row(days.get("2026-03-02")));
    assertEquals("0 0 0 0 0.0 null", row(days.get("2026-03-03")));
    assertEquals("1 1 1 0 1.0 10.0", row(days.get("2026-03-04")), "the simulator's run is left out");
    assertEquals("0 0 0 0 0.0 null", row(days.get("2026-03-05")));
  }

  @Test
  void theProgrammeCountsEveryFlowAndEachParticipantOncePerDay() throws Exception {
    Map<String, JsonObject> days = byPeriod(api.ok("/api/timeline?from=2026-03-02&to=2026-03-05"));
    // Durations 40 s, 60 s and 0 s (the other flow ends at once): the median is 40 s.
    assertEquals("3 4 3 1 0.75 40.0", row(days.get("2026-03-02")), "A ran both flows: one participant, two runs");
    assertEquals("1 1 1 0 1.0 10.0", row(days.get("2026-03-04")));
    assertEquals("programme", api.ok("/api/timeline?from=2026-03-02&to=2026-03-05").getString("scope"));
  }

  @Test
  void theChannelFilterShowsOneChannelsRuns() throws Exception {
    Map<String, JsonObject> ussd = byPeriod(api.ok("/api/flows/poll/timeline?from=2026-03-02&to=2026-03-05"
        + "&channel=ussd"));
    assertEquals(3, ussd.get("2026-03-02").getLong("runs_started"));
    assertEquals(1, ussd.get("2026-03-04").getLong("runs_started"));
    Map<String, JsonObject> sms = byPeriod(api.ok("/api/flows/poll/timeline?from=2026-03-02&to=2026-03-05"
        + "&channel=sms"));
    assertTrue(sms.values().stream().allMatch(p -> p.getLong("runs_started") == 0), sms.toString());
    Map<String, JsonObject> sim = byPeriod(api.ok("/api/flows/poll/timeline?from=2026-03-02&to=2026-03-05"
        + "&channel=sim"));
    assertEquals("1 1 1 0 1.0 0.0", row(sim.get("2026-03-04")));
    assertEquals(0, sim.get("2026-03-02").getLong("runs_started"));
  }

  @Test
  void broadcastsAndFlowVersionsAreMarkedOnTheirDays() throws Exception {
    JsonArray markers = api.ok("/api/flows/poll/timeline?from=2026-03-01&to=2026-03-06").getJsonArray("markers");
    assertEquals(List.of("2026-03-02 version poll version 1", "2026-03-03 broadcast Broadcast 1: Clinic day on Friday",
        "2026-03-04 version poll version 1"), markers.stream().map(JsonObject.class::cast)
        .map(m -> m.getString("period") + " " + m.getString("kind") + " " + m.getString("name").replaceAll(" \\(.*", ""))
        .toList());
    assertEquals("2026-03-03T09:00:00Z", markers.getJsonObject(1).getString("at"));
    // The other flow's version is the programme's, not the poll's.
    assertEquals(4, api.ok("/api/timeline?from=2026-03-01&to=2026-03-06").getJsonArray("markers").size());
    assertEquals(0, api.ok("/api/flows/poll/timeline?from=2026-03-05&to=2026-03-06").getJsonArray("markers").size());
  }

  @Test
  void hoursShowTheLastTwoDaysByDefaultAndOneRunInItsHour() throws Exception {
    JsonObject t = api.ok("/api/flows/poll/timeline?interval=hour");
    JsonArray periods = t.getJsonArray("periods");
    assertEquals(48, periods.size());
    assertEquals("2026-03-02T15:00:00Z", periods.getJsonObject(0).getString("period"));
    assertEquals("2026-03-04T14:00:00Z", periods.getJsonObject(47).getString("period"));
    assertEquals("1 1 1 0 1.0 10.0", row(periods.getJsonObject(47)));
    assertEquals(1, periods.stream().map(JsonObject.class::cast).mapToLong(p -> p.getLong("runs_started")).sum());

    Map<String, JsonObject> hours = byPeriod(api.ok("/api/flows/poll/timeline?interval=hour"
        + "&from=2026-03-02T08:00:00Z&to=2026-03-02T10:30"));
    assertEquals(List.of("2026-03-02T08:00:00Z", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"),
        List.copyOf(hours.keySet()), "from down and to up to whole hours");
    assertEquals("3 3 2 1 0.6667 50.0", row(hours.get("2026-03-02T09:00:00Z")), "the same runs as their day");
    assertEquals(0, hours.get("2026-03-02T08:00:00Z").getLong("runs_started"));
  }

  @Test
  void theDefaultDayRangeIsTheLastThirtyDays() throws Exception {
    JsonArray periods = api.ok("/api/flows/poll/timeline").getJsonArray("periods");
    assertEquals(30, periods.size());
    assertEquals("2026-02-03", periods.getJsonObject(0).getString("period"));
    assertEquals("2026-03-04", periods.getJsonObject(29).getString("period"));
  }

  @Test
  void csvByAcceptHeaderOrFormatParameter() throws Exception {
    var byHeader = api.send(HttpRequest.newBuilder(api.uri("/api/flows/poll/timeline?from=2026-03-02&to=2026-03-05"))
        .header("Authorization", "Bearer " + viewer).header("Accept", "text/csv").build());
    var byParameter = api.get("/api/flows/poll/timeline?from=2026-03-02&to=2026-03-05&format=csv");
    for (var r : List.of(byHeader, byParameter)) {
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/csv"), r.headers().toString());
      assertTrue(r.headers().firstValue("content-disposition").orElse("").contains("poll-timeline-day-2026-03-02.csv"),
          r.headers().toString());
      List<String> lines = r.body().lines().toList();
      assertEquals("\uFEFFperiod,participants,runs_started,completed,dropped,completion_rate,"
          + "median_seconds_to_complete,markers", lines.get(0));
      assertEquals("2026-03-02,3,3,2,1,0.6667,50.0,poll version 1 (" + hash(0) + ")", lines.get(1));
      assertEquals("2026-03-03,0,0,0,0,0.0,,Broadcast 1: Clinic day on Friday", lines.get(2));
      assertTrue(lines.get(3).startsWith("2026-03-04,1,1,1,0,1.0,10.0,poll version 1 ("), lines.get(3));
      assertEquals(4, lines.size());
    }
    assertTrue(api.get("/api/flows/poll/timeline?format=json").body().startsWith("{"), "format=json is JSON");
  }

  @Test
  void badParametersAreRefusedNamingTheParameter() throws Exception {
    Map<String, String> cases = Map.of(
        "interval=week", "interval",
        "from=03/02/2026", "from",
        "to=2026-02-30", "to",
        "from=2026-03-05&to=2026-03-01", "from",
        "channel=fax", "channel",
        "format=xml", "format",
        "from=2020-01-01&to=2026-03-01", "from",
        "interval=hour&from=yesterday", "from",
        "interval=hour&from=2026-03-01T00:00Z&to=2026-03-04T00:00Z", "from");
    for (var c : cases.entrySet()) {
      var r = api.get("/api/flows/poll/timeline?" + c.getKey());
      assertEquals(400, r.statusCode(), c.getKey() + ": " + r.body());
      JsonObject body = new JsonObject(r.body());
      assertEquals(c.getValue(), body.getString("parameter"), c.getKey() + ": " + r.body());
      assertTrue(body.getString("message").contains(c.getValue()), r.body());
    }
    assertEquals(404, api.get("/api/flows/nope/timeline").statusCode());
    assertEquals(401, api.send(HttpRequest.newBuilder(api.uri("/api/timeline")).build()).statusCode());
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  static void setClock(String at) {
    clock.advance(Duration.between(clock.instant(), Instant.parse(at)));
  }

  /** One run of the poll over Africa's Talking, {@code seconds} apart per hop; to the end or stopped after q1. */
  static void poll(String session, String phone, int seconds, boolean finish) throws Exception {
    assertTrue(at(session, phone, "*384*77#", "").startsWith("CON"));
    clock.advance(Duration.ofSeconds(seconds));
    assertTrue(at(session, phone, "*384*77#", "1").contains("How many"));
    if (!finish) return;
    clock.advance(Duration.ofSeconds(seconds));
    assertTrue(at(session, phone, "*384*77#", "1*3").startsWith("END"));
  }

  static String at(String session, String phone, String code, String text) throws Exception {
    return api.africasTalking(session, phone, code, text);
  }

  static String generic(String session, String phone, String input, boolean fresh) throws Exception {
    return api.generic(session, phone, "*384*77#", input, fresh);
  }

  /** The rollup reads new events every second: wait until the range's totals are {@code totals}. */
  static void awaitRuns(String path, String totals) throws Exception {
    String seen = Eventually.read(Duration.ofSeconds(15), () -> {
      var periods = api.ok(path).getJsonArray("periods").stream().map(JsonObject.class::cast).toList();
      Function<String, Long> sum = k -> periods.stream().mapToLong(p -> p.getLong(k)).sum();
      return sum.apply("runs_started") + " runs, " + sum.apply("completed") + " completed, " + sum.apply("dropped")
          + " dropped";
    }, totals::equals);
    if (!seen.equals(totals)) throw new AssertionError(path + " never counted " + totals + " (last: " + seen + ")");
  }

  /** The flow watcher looks at the folder every second. */
  static void awaitMarkers(String kind, int n) throws Exception {
    boolean shown = Eventually.within(Duration.ofSeconds(10), () -> api.ok(
        "/api/flows/poll/timeline?from=2026-03-01&to=2026-03-06").getJsonArray("markers").stream()
        .map(JsonObject.class::cast).filter(m -> m.getString("kind").equals(kind)).count() == n);
    if (!shown) throw new AssertionError("never " + n + " " + kind + " markers");
  }

  /** The content hash of the poll's n-th version, as the flow list shows the current one. */
  static String hash(int n) throws Exception {
    JsonArray markers = api.ok("/api/flows/poll/timeline?from=2026-03-01&to=2026-03-06").getJsonArray("markers");
    List<String> hashes = markers.stream().map(JsonObject.class::cast).filter(m -> m.getString("kind").equals("version"))
        .map(m -> m.getString("hash").substring(0, 8)).toList();
    return hashes.get(n);
  }

  static String row(JsonObject p) {
    return p.getLong("participants") + " " + p.getLong("runs_started") + " " + p.getLong("completed") + " "
        + p.getLong("dropped") + " " + p.getDouble("completion_rate") + " " + p.getValue("median_seconds_to_complete");
  }

  static Map<String, JsonObject> byPeriod(JsonObject timeline) {
    return timeline.getJsonArray("periods").stream().map(JsonObject.class::cast).collect(Collectors.toMap(
        p -> p.getString("period"), Function.identity(), (x, y) -> x, java.util.LinkedHashMap::new));
  }
}
