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

  HttpVerticle(HttpRoutes routes, String host, int port) {
    this.routes = routes;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    routes.mount(router);
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setMaxInitialLineLength(16 * 1024))
        .requestHandler(router)
        .listen(port, host);
  }
}
