package org.kabambe.connectors.africastalking;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A local HTTP server standing in for Africa's Talking's messaging API: records requests, answers as told. */
final class FakeAfricasTalking implements AutoCloseable {
  record Request(String path, MultiMap headers, MultiMap form) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 201;
  private volatile String body = "";
  private volatile boolean silent;

  FakeAfricasTalking(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.post("/version1/messaging").handler(ctx -> {
      requests.add(new Request(ctx.request().path(), MultiMap.caseInsensitiveMultiMap().addAll(ctx.request()
          .headers()), MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().formAttributes())));
      if (!silent) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
      }
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  void answer(int httpStatus, String json) {
    this.status = httpStatus;
    this.body = json;
    this.silent = false;
  }

  /** Reads the request and never answers. */
  void hang() {
    this.silent = true;
  }

  /** The answer for one recipient with this status. */
  static String recipient(int statusCode, String status, String messageId) {
    return "{\"SMSMessageData\":{\"Message\":\"Sent to 1/1 Total Cost: KES 0.8000\",\"Recipients\":[{\"statusCode\":"
        + statusCode + ",\"number\":\"+254711000001\",\"status\":\"" + status + "\",\"cost\":\"KES 0.8000\","
        + "\"messageId\":\"" + messageId + "\"}]}}";
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
