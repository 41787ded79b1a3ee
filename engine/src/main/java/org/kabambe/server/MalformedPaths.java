package org.kabambe.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request whose path has a broken percent-escape ({@code /ussd/x/%ZZ}) with a 400 before it reaches the
 * router, which would throw on it and log a stack trace per request: an unauthenticated log flood.
 */
final class MalformedPaths {
  private MalformedPaths() {}

  static Handler<HttpServerRequest> refusedBefore(Handler<HttpServerRequest> next) {
    return request -> {
      if (wellFormed(request.path())) {
        next.handle(request);
      } else {
        request.response().setStatusCode(400).putHeader("content-type", "text/plain; charset=utf-8")
            .putHeader("connection", "close").end("malformed percent-encoding in the path");
      }
    };
  }

  /** Every '%' starts two hex digits (RFC 3986 pct-encoded). */
  static boolean wellFormed(String path) {
    if (path == null) return false;
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
