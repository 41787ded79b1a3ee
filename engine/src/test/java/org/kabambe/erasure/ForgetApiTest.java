package org.kabambe.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.erasure.ForgetFixture.GONE;
import static org.kabambe.erasure.ForgetFixture.KEPT;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.export.Pseudonyms;
import org.kabambe.server.KabambeServer;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.SurveyProgramme;

/**
 * {@code POST /api/contacts/forget} on a running server: admin only; a participant in the middle of a session is
 * forgotten from the tables and from the server's memory; the flow's figures answer as before; the answer and the
 * audit name the pseudonym only.
 */
@Tag("database")
class ForgetApiTest {
  /** A one-screen flow beside the survey: dialling it shows when the rollup has counted what came before. */
  private static final String PING_CODE = "*384*78#";
  private static final String PING = """
      flow: ping
      title: Ping
      languages: [en]
      start: pong
      triggers: {ussd: ["*384*78#"]}
      nodes:
        pong:
          end:
            text: {en: "Pong"}
      """;

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anAdminForgetsALiveParticipantAndTheFiguresStay() throws Exception {
    Path flows = SurveyProgramme.flows(dir);
    Files.writeString(flows.resolve("ping.yaml"), PING);
    String db = TestDatabases.location(dir);
    try (var server = SurveyProgramme.serve(flows, db)) {
      var tokens = new ApiTokens(server.database(), Clock.systemUTC());
      String admin = tokens.create(Role.ADMIN, "dpo", Optional.empty(), "test").token();
      String viewer = tokens.create(Role.VIEWER, "dash", Optional.empty(), "test").token();
      SurveyProgramme.dial(server, "k", KEPT, "");
      SurveyProgramme.dial(server, "k", KEPT, "1");
      SurveyProgramme.dial(server, "k", KEPT, "1*fine");
      SurveyProgramme.dial(server, "g", GONE, "");
      SurveyProgramme.dial(server, "g", GONE, "1"); // waits at the comment: a live conversation
      var records = new HopHistory(server.database());
      Eventually.until("the answer to be stored", Duration.ofSeconds(5), () -> !records.answersOf(GONE).isEmpty());
      // A round reads everything committed when it starts: once it has counted a later hop, "before" is final.
      rollupCounts(server, admin, "+254712000333", 1);
      String before = send(server, "GET", "/api/flows/survey/figures", admin, null).body();
      assertTrue(before.contains("\"participants\":2"), before);
      double live = live(server);

      String body = new JsonObject().put("phones", List.of("+254 712 000 111")).encode();
      assertEquals(403, send(server, "POST", "/api/contacts/forget", viewer, body).statusCode());
      var bad = send(server, "POST", "/api/contacts/forget", admin, "{\"phones\": [\"" + GONE + "\", \"12\"]}");
      assertEquals(400, bad.statusCode(), bad.body());
      assertTrue(bad.body().contains("nothing was forgotten"), bad.body());
      assertFalse(records.answersOf(GONE).isEmpty(), "a bad number in the list forgets nothing");

      var done = send(server, "POST", "/api/contacts/forget", admin, body);
      assertEquals(200, done.statusCode(), done.body());
      String pseudonym = Pseudonyms.of(server.database()).of(GONE);
      assertEquals(pseudonym, new JsonObject(done.body()).getJsonArray("forgotten").getJsonObject(0)
          .getString("participant"));
      assertFalse(done.body().contains("712000111"), done.body());

      assertEquals(live - 1, live(server), "the live conversation left the server's memory");
      rollupCounts(server, admin, "+254712000444", 2); // a round after the erasure must not write the number back
      assertEquals(List.of(), ForgetFixture.cellsNaming(server.database(), GONE.substring(1)));
      assertEquals(before, send(server, "GET", "/api/flows/survey/figures", admin, null).body(),
          "the figures answer as before");
      try (var c = server.database().connection(); var s = c.createStatement();
           var rs = s.executeQuery("SELECT actor, target FROM audit WHERE action = 'contact.forget'")) {
        assertTrue(rs.next());
        assertEquals("token:dpo", rs.getString(1));
        assertEquals(pseudonym, rs.getString(2));
      }
    }
  }

  /**
   * Dials the ping flow from {@code phone} and waits until its figures count {@code participants}: a rollup round
   * that started after the hop was written has committed.
   */
  private void rollupCounts(KabambeServer server, String token, String phone, int participants) throws Exception {
    new ApiClient(server, "").africasTalking("p" + participants, phone, PING_CODE, "");
    Eventually.until(() -> "the rollup to count " + phone, Duration.ofSeconds(15), () -> send(server, "GET",
        "/api/flows/ping/figures", token, null).body().contains("\"participants\":" + participants));
  }

  /** kabambe_conversations_live on /metrics: numbers with a USSD session in memory. */
  private double live(KabambeServer server) throws Exception {
    String metrics = send(server, "GET", "/metrics", null, null).body();
    return metrics.lines().filter(l -> l.startsWith("kabambe_conversations_live")).findFirst()
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .orElseThrow(() -> new AssertionError("no kabambe_conversations_live in\n" + metrics));
  }

  private HttpResponse<String> send(KabambeServer server, String method, String path, String token, String body)
      throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body != null) b.header("Content-Type", "application/json");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
