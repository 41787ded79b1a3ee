package org.kabambe.api;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one token check in front of the admin API: the caller when the request's bearer token has the role, else
 * the refusal as JSON. Checking reads the database, so it runs on a worker thread.
 */
final class ApiGuard {
  private static final Logger log = LoggerFactory.getLogger(ApiGuard.class);

  private final ApiTokens tokens;

  ApiGuard(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** Calls {@code then} with the caller when admitted; otherwise answers 401 (with the challenge), 403 or 500. */
  void admit(RoutingContext ctx, Role role, Consumer<Caller> then) {
    Optional<String> header = Optional.ofNullable(ctx.request().getHeader("Authorization"));
    ctx.vertx().executeBlocking(() -> tokens.check(header, role), false).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("token check failed", ar.cause());
        Answers.error(ctx, 500, "internal", "the token could not be checked");
      } else if (ar.result().caller().isEmpty()) {
        TokenCheck t = ar.result();
        if (t.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Answers.error(ctx, t.status(), t.error(), t.message());
      } else {
        then.accept(ar.result().caller().get());
      }
    });
  }

  /**
   * For public routes that show more to a token holder ({@code /health}): the caller when the request carries a
   * valid token of at least {@code role}, else empty; never an error response.
   */
  void optionalCaller(RoutingContext ctx, Role role, Consumer<Optional<Caller>> then) {
    Optional<String> header = Optional.ofNullable(ctx.request().getHeader("Authorization"));
    if (header.isEmpty()) {
      then.accept(Optional.empty());
      return;
    }
    ctx.vertx().executeBlocking(() -> tokens.check(header, role), false)
        .onComplete(ar -> then.accept(ar.succeeded() ? ar.result().caller() : Optional.empty()));
  }
}
