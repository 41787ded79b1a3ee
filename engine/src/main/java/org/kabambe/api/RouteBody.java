package org.kabambe.api;

import io.vertx.ext.web.RoutingContext;

/** A route body: runs on a worker thread, returns the JSON to send (or a {@link CsvFile}). */
@FunctionalInterface
interface RouteBody {
  Object answer(RoutingContext ctx, Caller caller) throws Exception;
}
