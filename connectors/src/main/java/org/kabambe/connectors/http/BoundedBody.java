package org.kabambe.connectors.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body up to a cap, answering 413 beyond it. Used instead of Vert.x's BodyHandler because that
 * decodes form bodies itself and refuses malformed percent-encoding without naming the field; adapters decode
 * strictly and say which field is wrong.
 */
public final class BoundedBody implements Handler<RoutingContext> {
  private static final String BODY_KEY = "kabambe.http.body";

  private final int limit;

  public BoundedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (declaredLength(request) > limit) {
      tooLarge(ctx);
      return;
    }
    if (request.isEnded()) {
      // A router-wide BodyHandler may have read it already (mount none over these routes: it decodes forms).
      Buffer read = ctx.body() == null ? null : ctx.body().buffer();
      ctx.put(BODY_KEY, read == null ? Buffer.buffer() : read);
      ctx.next();
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        refused[0] = true;
        tooLarge(ctx);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(failure -> {
      if (!refused[0] && !ctx.response().ended()) {
        ctx.fail(400, failure);
      }
    });
    request.endHandler(done -> {
      if (!refused[0]) {
        ctx.put(BODY_KEY, body);
        ctx.next();
      }
    });
    request.resume();
  }

  /** The body this handler read for the request. */
  public static Buffer of(RoutingContext ctx) {
    return ctx.get(BODY_KEY);
  }

  private void tooLarge(RoutingContext ctx) {
    ResponseWriter.plain(ctx, 413, "body larger than " + limit + " bytes");
  }

  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader("Content-Length");
    try {
      return header == null ? -1 : Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
