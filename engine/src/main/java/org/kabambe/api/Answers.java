package org.kabambe.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every API route answers: its body on a worker thread (JDBC never on an event loop), the result as JSON or a
 * CSV download, and what it throws as a status: {@link NotFound} 404, a bad argument 400, anything else 500.
 */
final class Answers {
  private static final Logger log = LoggerFactory.getLogger(Answers.class);

  private Answers() {}

  static void onWorker(RoutingContext ctx, Caller caller, RouteBody body) {
    ctx.vertx().executeBlocking(() -> body.answer(ctx, caller), false).onComplete(ar -> {
      if (ar.succeeded()) {
        Object r = ar.result();
        if (r instanceof CsvFile csv) {
          ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
              .putHeader("content-disposition", "attachment; filename=\"" + csv.name() + "\"").end(csv.body());
          return;
        }
        ctx.response().putHeader("content-type", "application/json")
            .end(r instanceof JsonArray a ? a.encode() : ((JsonObject) r).encode());
      } else if (ar.cause() instanceof NotFound nf) {
        error(ctx, 404, "not_found", nf.getMessage());
      } else if (ar.cause() instanceof BadParameter bad) {
        ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", "bad_request").put("parameter", bad.parameter())
                .put("message", bad.getMessage()).encode());
      } else if (ar.cause() instanceof IllegalArgumentException bad) {
        error(ctx, 400, "bad_request", bad.getMessage());
      } else {
        log.warn("{} failed", ctx.request().path(), ar.cause());
        error(ctx, 500, "internal", "the request failed; see the server log");
      }
    });
  }

  /** The API's error shape: {@code {"error": code, "message": what to fix}}. */
  static void error(RoutingContext ctx, int status, String error, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("message", message).encode());
  }
}
