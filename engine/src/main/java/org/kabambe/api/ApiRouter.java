package org.kabambe.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BiConsumer;

/**
 * Where the API's resources mount their routes: each passes the {@link ApiGuard} for its role first, so no route
 * can be added without the token check.
 */
final class ApiRouter {
  private final Router router;
  private final ApiGuard guard;

  ApiRouter(Router router, ApiGuard guard) {
    this.router = router;
    this.guard = guard;
  }

  /** A route whose body runs on a worker thread and answers JSON or CSV ({@link Answers}). */
  void route(HttpMethod method, String path, Role role, RouteBody body) {
    answering(method, path, role, (ctx, caller) -> Answers.onWorker(ctx, caller, body));
  }

  void get(String path, Role role, RouteBody body) {
    route(HttpMethod.GET, path, role, body);
  }

  /** A route that answers by itself (a stream, a file, an asynchronous hop) once the caller is admitted. */
  void answering(HttpMethod method, String path, Role role, BiConsumer<RoutingContext, Caller> handler) {
    router.route(method, path).handler(ctx -> guard.admit(ctx, role, caller -> handler.accept(ctx, caller)));
  }

  /** Reads POST bodies up to {@code limit} bytes on {@code path}; mount it before the routes that read them. */
  void postBodies(String path, int limit) {
    router.post(path).handler(BodyHandler.create().setBodyLimit(limit));
  }
}
