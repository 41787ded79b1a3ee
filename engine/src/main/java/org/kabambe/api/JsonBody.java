package org.kabambe.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** A request's JSON object body, read the same way by the routes that take one. */
final class JsonBody {
  private JsonBody() {}

  /** The body as a JSON object; empty when it is missing, not JSON, or not an object. */
  static Optional<JsonObject> of(RoutingContext ctx) {
    try {
      return Optional.ofNullable(ctx.body().asJsonObject());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
