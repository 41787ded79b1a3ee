package org.kabambe.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** One HTTP server instance; several share the port so every event loop takes requests. */
final class HttpVerticle extends VerticleBase {
  private final HttpRoutes routes;
  private final String host;
  private final int port;
  private final ConnectionGuard guard;

  HttpVerticle(HttpRoutes routes, String host, int port, ConnectionGuard guard) {
    this.routes = routes;
    this.host = host;
    this.port = port;
    this.guard = guard;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    routes.mount(router);
    ConnectionGuard.Tracker connections = guard.tracker(vertx);
    // Without HTTP/2 over cleartext, which nobody sends us: with it on, Vert.x shows a connection only once its
    // first request head is complete, so a client that never completes one could not be seen, capped or cut off.
    var options = new HttpServerOptions().setCompressionSupported(true).setMaxInitialLineLength(16 * 1024)
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options)
        .connectionHandler(connections::connected)
        .requestHandler(connections.requests(MalformedPaths.refusedBefore(router)))
        .listen(port, host);
  }
}
