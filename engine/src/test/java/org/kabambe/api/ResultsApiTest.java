package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
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
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.Eventually;

/**
 * Results M&E staff can read, over HTTP from a server that five participants answered over Africa's Talking: menu
 * answers carry their option's label in the flow's first language (API and CSV export), number answers their
 * count, mean, median, min/max and a histogram of ordered bins.
 */
@Tag("database")
class ResultsApiTest {
  static final String FLOW = """
      flow: checkup
      title: Check-up
      languages: [en, fr]
      start: place
      triggers: {ussd: ["*384*55#"]}
      nodes:
        place:
          menu:
            text: {en: "Where were you vaccinated?", fr: "Où avez-vous été vacciné ?"}
            save: place
            options:
              - {label: {en: "Clinic", fr: "Clinique"}, goto: age}
              - {label: {en: "Outreach", fr: "Équipe mobile"}, goto: age}
              - {label: {en: "Not yet", fr: "Pas encore"}, value: "none", goto: age}
        age:
          ask:
            text: {en: "Your age?", fr: "Votre âge ?"}
            expect: {number: {min: 10, max: 120, integer: true}}
            invalid: {en: "A number please", fr: "Un nombre SVP"}
            save: age
            next: bye
        bye:
          end:
            text: {en: "Thank you!", fr: "Merci !"}
      """;
  /** Each participant's menu choice and age. */
  static final List<String[]> ANSWERS = List.of(new String[] {"2", "20"}, new String[] {"2", "22"},
      new String[] {"1", "25"}, new String[] {"3", "31"}, new String[] {"2", "47"});

  @TempDir
  static Path dir;
  static KabambeServer server;
  static String viewer;
  static String admin;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void answer() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("checkup.yaml"), FLOW);
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, flows, TestDatabases.throwaway(),
        Optional.empty()));
    var tokens = new ApiTokens(server.database(), Clock.systemUTC());
    viewer = tokens.create(Role.VIEWER, "viewer", Optional.empty(), "test").token();
    admin = tokens.create(Role.ADMIN, "admin", Optional.empty(), "test").token();
    for (int p = 0; p < ANSWERS.size(); p++) {
      String phone = "+25470000" + (5100 + p);
      String[] a = ANSWERS.get(p);
      ussd("r" + p, phone, "");
      ussd("r" + p, phone, a[0]);
      assertTrue(ussd("r" + p, phone, a[0] + "*" + a[1]).startsWith("END"));
    }
    Eventually.within(Duration.ofSeconds(15), ResultsApiTest::allCounted); // the rollup reads answers every second
  }

  static boolean allCounted() throws Exception {
    JsonArray q = questions();
    return q.size() == 2 && q.stream().map(JsonObject.class::cast).allMatch(x -> x.getLong("total") == ANSWERS.size());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static JsonArray questions() throws Exception {
    return new JsonObject(get("/api/flows/checkup/results", viewer).body()).getJsonArray("questions");
  }

  static JsonObject question(String name) throws Exception {
    return questions().stream().map(JsonObject.class::cast).filter(q -> q.getString("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no question " + name));
  }

  @Test
  void menuAnswersShowTheirLabelInTheFlowsFirstLanguageBesideTheStoredValue() throws Exception {
    JsonObject place = question("place");
    assertEquals("menu", place.getString("kind"));
    var answers = place.getJsonArray("answers").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(a -> a.getString("value"), a -> a.getString("label") + " " + a.getLong("count")));
    assertEquals(java.util.Map.of("2", "Outreach 3", "1", "Clinic 1", "none", "Not yet 1"), answers);
  }

  @Test
  void numberAnswersShowCountMeanMedianMinMaxAndAHistogramInOrder() throws Exception {
    JsonObject age = question("age");
    assertEquals("number", age.getString("kind"));
    JsonObject n = age.getJsonObject("numbers");
    assertEquals(5, n.getLong("count"));
    assertEquals(29.0, n.getDouble("mean"));
    assertEquals(25.0, n.getDouble("median"));
    assertEquals(20.0, n.getDouble("min"));
    assertEquals(47.0, n.getDouble("max"));
    // 20 to 47: bins of 5 from 20, empty ones kept, in order.
    assertEquals("20-25:2 25-30:1 30-35:1 35-40:0 40-45:0 45-50:1", n.getJsonArray("histogram").stream()
        .map(JsonObject.class::cast).map(b -> Math.round(b.getDouble("from")) + "-" + Math.round(b.getDouble("to"))
            + ":" + b.getLong("count")).collect(Collectors.joining(" ")));
  }

  @Test
  void theCsvExportHasALabelColumnAndKeepsTheValue() throws Exception {
    var csv = get("/api/export/results/checkup.csv", admin);
    assertEquals(200, csv.statusCode(), csv.body());
    List<String> lines = csv.body().lines().toList();
    assertEquals("\uFEFFparticipant,channel,session,node,question,answer,answered_at,answer_label", lines.get(0));
    assertEquals(3, lines.stream().filter(l -> l.contains(",place,place,2,") && l.endsWith(",Outreach")).count(),
        csv.body());
    assertTrue(lines.stream().anyMatch(l -> l.contains(",place,place,none,") && l.endsWith(",Not yet")), csv.body());
    assertTrue(lines.stream().filter(l -> l.contains(",age,age,")).allMatch(l -> l.endsWith("Z,")),
        "a number answer has no label: " + csv.body());
    assertFalse(csv.body().contains("Équipe mobile"), "labels are in the flow's first language");
  }

  static String ussd(String session, String phone, String text) throws Exception {
    String body = "sessionId=" + session + "&phoneNumber=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)
        + "&serviceCode=" + URLEncoder.encode("*384*55#", StandardCharsets.UTF_8) + "&text="
        + URLEncoder.encode(text, StandardCharsets.UTF_8);
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ussd/africastalking"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
