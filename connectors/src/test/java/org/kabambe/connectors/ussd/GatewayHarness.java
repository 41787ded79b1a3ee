package org.kabambe.connectors.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A real HTTP server on a random port with {@link UssdRoutes} mounted and a recording handler; each case gets a
 * fresh router so it can carry its own gateway settings.
 */
final class GatewayHarness implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicReference<Router> router = new AtomicReference<>();
  private final List<UssdRequest> seen = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;
  private final HttpClient client;

  GatewayHarness() {
    server = await(vertx.createHttpServer().requestHandler(request -> router.get().handle(request)).listen(0));
    client = vertx.createHttpClient();
  }

  /** The table as JUnit dynamic tests against {@code gateway}. */
  Stream<DynamicTest> run(String gateway, List<GatewayCase> table) {
    return table.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(gateway, c)));
  }

  private void check(String gateway, GatewayCase c) {
    seen.clear();
    Router fresh = Router.router(vertx);
    UssdHandler recording = request -> {
      seen.add(request);
      return c.script.apply(request);
    };
    UssdRoutes.standard(Map.of(gateway, c.config), recording).mount(fresh);
    router.set(fresh);

    RequestOptions options = new RequestOptions().setMethod(c.method).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI(c.path);
    c.headers.forEach(options::putHeader);
    // The whole exchange runs on an event loop: attaching body() from this thread could miss the body's bytes.
    Promise<Reply> exchange = Promise.promise();
    vertx.runOnContext(start -> client.request(options)
        .compose(request -> request.send(Buffer.buffer(c.body)))
        .compose(response -> response.body().map(body -> new Reply(response, body.toString())))
        .onComplete(exchange));
    Reply reply = await(exchange.future());

    assertEquals(c.status, reply.response.statusCode(), () -> "status; body was: " + reply.body);
    c.expectedBody.ifPresent(expected -> assertBody(expected, reply.body));
    c.expectedHeaders.forEach((header, value) ->
        assertEquals(value, reply.response.getHeader(header), "header " + header));
    assertEquals(c.expectedRequest.map(List::of).orElse(List.of()), List.copyOf(seen), "what the handler saw");
    assertEquals(Optional.empty(), Optional.ofNullable(reply.body).filter(body -> body.contains("Exception")),
        "no stack trace leaks");
  }

  private static void assertBody(String expected, String actual) {
    if (expected.startsWith("{")) {
      assertEquals(new JsonObject(expected), new JsonObject(actual), "JSON body");
    } else {
      assertEquals(expected, actual, "body");
    }
  }

  private record Reply(HttpClientResponse response, String body) {}

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
