package org.kabambe.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kabambe.runtime.WebhookCall;
import org.kabambe.runtime.WebhookOutcome;

/** Against a real local HTTP server that answers well, slowly, with errors, or with garbage. */
class WebhookClientTest {
  static Vertx vertx;
  static HttpServer server;
  static WebhookClient client;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/ok" -> req.body().onSuccess(b -> req.response().putHeader("content-type", "application/json")
            .end("{\"clinic\":\"Kibera Health Centre\",\"open\":true,\"beds\":12,\"echo\":\""
                + b.toString().replace("\"", "'") + "\",\"auth\":\"" + req.getHeader("Authorization") + "\"}"));
        case "/list" -> req.response().end("[1, 2.5, \"x\", null]");
        case "/nul" -> req.response().end("{\"na\\u0000me\": \"Am\\u0000ina\", \"list\": [\"\\u0000x\"]}");
        case "/slow" -> vertx.setTimer(2_000, t -> req.response().end("{}"));
        case "/fail" -> req.response().setStatusCode(503).end("{\"error\":\"down\"}");
        case "/garbage" -> req.response().end("<html>not json");
        case "/drip" -> { // a byte every 200 ms for 10 s: an idle timeout never fires, a deadline does
          req.response().setChunked(true).write("{");
          long[] left = {50};
          vertx.setPeriodic(200, id -> {
            if (--left[0] <= 0) {
              vertx.cancelTimer(id);
              req.response().end("}");
            } else {
              req.response().write(" ");
            }
          });
        }
        case "/huge" -> req.response().setChunked(true).end("[" + "1,".repeat(40_000) + "1]");
        default -> req.response().setStatusCode(404).end();
      }
    });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
    client = new WebhookClient(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static WebhookOutcome call(String path, String method, Optional<String> body, Duration budget)
      throws Exception {
    var call = new WebhookCall(base + path, method, Map.of("Authorization", "Bearer t0k"), body, Duration.ofSeconds(5));
    return client.call(call, budget).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void jsonResultBecomesPlainValues() throws Exception {
    WebhookOutcome o = call("/ok", "POST", Optional.of("{\"age\":\"17\"}"), Duration.ofSeconds(5));
    assertTrue(o.succeeded(), o.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) o.value().orElseThrow();
    assertEquals("Kibera Health Centre", m.get("clinic"));
    assertEquals(true, m.get("open"));
    assertEquals(12L, m.get("beds"));
    assertEquals("{'age':'17'}", m.get("echo"));
    assertEquals("Bearer t0k", m.get("auth"));
  }

  @Test
  void arraysKeepTheirValuesAndDropNulls() throws Exception {
    WebhookOutcome o = call("/list", "GET", Optional.empty(), Duration.ofSeconds(5));
    assertEquals(List.of(1L, 2.5, "x"), o.value().orElseThrow());
  }

  /** A result may be stored (answers, contact fields), and PostgreSQL refuses U+0000 in text: it is dropped. */
  @Test
  void aNulCharacterInAResultIsDropped() throws Exception {
    WebhookOutcome o = call("/nul", "GET", Optional.empty(), Duration.ofSeconds(5));
    assertEquals(Map.of("name", "Amina", "list", List.of("x")), o.value().orElseThrow());
  }

  @Test
  void theReplyBudgetBoundsTheTimeout() throws Exception {
    long t0 = System.nanoTime();
    WebhookOutcome o = call("/slow", "GET", Optional.empty(), Duration.ofMillis(300));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertFalse(o.succeeded());
    assertEquals("timeout", o.failure().orElseThrow());
    assertTrue(ms < 1_500, "took " + ms + " ms");
  }

  @Test
  void theTimeoutIsOneDeadlineForTheWholeCallNotAnIdleTimer() throws Exception {
    long t0 = System.nanoTime();
    var drip = new WebhookCall(base + "/drip", "GET", Map.of(), Optional.empty(), Duration.ofMillis(800));
    WebhookOutcome o = client.call(drip, Duration.ofSeconds(4)).toCompletionStage().toCompletableFuture()
        .get(15, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("timeout", o.failure().orElseThrow());
    assertTrue(ms < 2_000, "a dripping endpoint held the call " + ms + " ms (deadline 800 ms)");
    // The cut-off connection is not reused: the next calls to the same host are answered.
    for (int i = 0; i < 3; i++) {
      assertTrue(call("/ok", "GET", Optional.empty(), Duration.ofSeconds(5)).succeeded());
    }
  }

  @Test
  void aTooLongAnswerIsCutOffAndTheNextCallIsAnswered() throws Exception {
    assertEquals("body over 65536 bytes",
        call("/huge", "GET", Optional.empty(), Duration.ofSeconds(5)).failure().orElseThrow());
    assertTrue(call("/ok", "GET", Optional.empty(), Duration.ofSeconds(5)).succeeded());
  }

  @Test
  void errorStatusMalformedJsonAndUnreachableAreFailures() throws Exception {
    assertEquals("status 503", call("/fail", "GET", Optional.empty(), Duration.ofSeconds(5)).failure().orElseThrow());
    assertEquals("malformed JSON", call("/garbage", "GET", Optional.empty(), Duration.ofSeconds(5)).failure().orElseThrow());
    var nowhere = new WebhookCall("http://127.0.0.1:1/x", "GET", Map.of(), Optional.empty(), Duration.ofSeconds(1));
    WebhookOutcome o = client.call(nowhere, Duration.ofSeconds(1)).toCompletionStage().toCompletableFuture().get();
    assertTrue(o.failure().orElseThrow().startsWith("unreachable"), o.toString());
    var bad = new WebhookCall("not a url", "GET", Map.of(), Optional.empty(), Duration.ofSeconds(1));
    assertFalse(client.call(bad, Duration.ofSeconds(1)).toCompletionStage().toCompletableFuture().get().succeeded());
  }
}
