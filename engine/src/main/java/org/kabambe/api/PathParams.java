package org.kabambe.api;

import io.vertx.ext.web.RoutingContext;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.flow.Flow;

/** The path parameters API routes share: the loaded flow {@code :id} names (404 if none), or a numeric id. */
final class PathParams {
  private PathParams() {}

  static Flow flow(RoutingContext ctx, FlowRegistry flows) {
    String id = ctx.pathParam("id");
    return flows.current(id).orElseThrow(() -> new NotFound("no flow '" + id + "' is loaded"));
  }

  /** {@code :id} as a broadcast's id: broadcasts and their message figures and timelines. */
  static long broadcastId(RoutingContext ctx) {
    return numericId(ctx, "broadcast");
  }

  /** {@code :id} as a number (400 naming {@code what} otherwise): a broadcast's or a token's. */
  static long numericId(RoutingContext ctx, String what) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " id must be a number");
    }
  }
}
