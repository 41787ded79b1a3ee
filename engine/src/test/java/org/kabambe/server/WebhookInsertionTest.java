package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * A participant's answer inserted into a webhook's URL, body and header reaches the endpoint as a value: it cannot
 * climb the path, add parameters, add JSON fields or break the connection for the participants after it. Real
 * HTTP from an Africa's Talking hop to a real endpoint.
 */
@Tag("database")
class WebhookInsertionTest {
  static Vertx vertx;
  static HttpServer lookup;
  static final List<JsonObject> received = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;
  KabambeServer server;

  @BeforeAll
  static void lookupApi() throws Exception {
    vertx = Vertx.vertx();
    lookup = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new JsonObject().put("uri", req.uri()).put("body", body.toString())
          .put("header", req.getHeader("X-Answer")));
      req.response().putHeader("content-type", "application/json").end("{\"ok\":\"found\"}");
    }));
    lookup.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopLookupApi() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() throws Exception {
    received.clear();
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("lookup.yaml"), FLOW.replace("PORT", Integer.toString(lookup.actualPort())));
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), flows,
        TestDatabases.location(dir), Optional.empty()), new MutableClock(Instant.parse("2026-03-02T08:00:00Z")));
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private JsonObject answer(String number, String text) throws Exception {
    var phone = new AfricasTalkingPhone(server.port(), number, "*105#");
    phone.dial();
    assertEquals("END Lookup: found", phone.send(text));
    return received.get(received.size() - 1);
  }

  @Test
  void aPathTraversalStaysOnePathSegmentAndOneQueryValue() throws Exception {
    JsonObject r = answer("+254700000031", "../../admin?role=admin#");
    assertEquals("/lookup/..%2F..%2Fadmin%3Frole%3Dadmin%23?q=..%2F..%2Fadmin%3Frole%3Dadmin%23", r.getString("uri"));
  }

  @Test
  void aJsonBreakoutStaysOneStringValue() throws Exception {
    String typed = "x\",\"admin\":true,\"y\":\"z";
    JsonObject body = new JsonObject(answer("+254700000032", typed).getString("body"));
    assertEquals(typed, body.getString("q"));
    assertEquals(1, body.size(), body.encode());
  }

  @Test
  void anAnswerWithASpaceIsSentAndLaterParticipantsAreStillServed() throws Exception {
    JsonObject r = answer("+254700000033", "Kibera South");
    assertEquals("/lookup/Kibera%20South?q=Kibera%20South", r.getString("uri"));
    assertEquals("Kibera South", r.getString("header"));
    for (int i = 0; i < 3; i++) answer("+25470000004" + i, "Kibera");
    assertEquals(4, received.size());
  }

  static final String FLOW = """
      flow: lookup
      title: Lookup
      languages: [en]
      start: ask
      triggers: {ussd: ["*105#"]}
      nodes:
        ask:
          ask:
            text: "Where?"
            expect: text
            invalid: "Type a place"
            save: q
            next: call
        call:
          do:
            actions:
              - webhook:
                  url: "http://127.0.0.1:PORT/lookup/{{ answers.q }}?q={{ answers.q }}"
                  headers: {X-Answer: "{{ answers.q }}"}
                  body: '{"q": "{{ answers.q }}"}'
                  save: r
                  timeout: 2s
                  on_error: failed
            next: done
        done:
          end:
            text: "Lookup: {{ vars.r.ok }}"
        failed:
          end:
            text: "Lookup failed"
      """;
}
