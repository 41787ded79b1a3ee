package org.kabambe.connectors.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Ends a connector route's response, once, closing the connection when the request body was left unread. */
public final class ResponseWriter {
  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  private ResponseWriter() {}

  /** Sends the answer unless one was already sent or the client went away. */
  public static void send(RoutingContext ctx, int status, Map<String, String> headers, String body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    headers.forEach(response::putHeader);
    if (!ctx.request().isEnded()) {
      // Refused before the body was read: the unread rest would poison a kept-alive connection.
      response.putHeader("Connection", "close");
    }
    response.setStatusCode(status).end(body);
  }

  /** A plain-text answer, e.g. a refusal whose message a person will read. */
  public static void plain(RoutingContext ctx, int status, String message) {
    send(ctx, status, Map.of("Content-Type", TEXT_PLAIN), message);
  }
}
