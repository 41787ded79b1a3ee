package org.kabambe.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.connectors.ussd.UssdRoutes;
import org.kabambe.diag.Diagnostic;
import org.kabambe.metrics.KabambeMetrics;
import org.kabambe.session.UssdService;
import org.kabambe.store.Database;
import org.kabambe.store.GroupCommitWriter;

/** The HTTP surface: {@code /ussd/:gateway}, {@code /health}, {@code /metrics} (public), the admin API under {@code /api/}. */
final class HttpRoutes {
  private final UssdService ussd;
  private final DeploymentConfig config;
  private final FlowRegistry flows;
  private final KabambeMetrics metrics;
  private final GroupCommitWriter writer;
  private final Database database;
  private final SmsChannel sms;
  private final java.time.Clock clock;
  private final org.kabambe.api.ApiRoutes api;

  HttpRoutes(UssdService ussd, DeploymentConfig config, FlowRegistry flows, KabambeMetrics metrics,
             GroupCommitWriter writer, Database database, SmsChannel sms, java.time.Clock clock,
             org.kabambe.api.ApiRoutes api) {
    this.api = api;
    this.ussd = ussd;
    this.config = config;
    this.flows = flows;
    this.metrics = metrics;
    this.writer = writer;
    this.database = database;
    this.sms = sms;
    this.clock = clock;
  }

  void mount(Router router) {
    UssdRoutes.standard(config.gateways(), ussd).mount(router);
    sms.mount(router, clock);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
    api.mount(router); // token-protected; /api/flows moved there
  }

  private void health(RoutingContext ctx) {
    var body = new JsonObject()
        .put("status", "up")
        .put("database", database.location())
        .put("flows", flows.catalog().flows().size())
        .put("flow_errors", flows.findings().stream().filter(Diagnostic::isError).count())
        .put("writer_queue", writer.queued())
        .put("sms_providers", new JsonArray(sms.providers().stream()
            .map(p -> new JsonObject().put("name", p.name()).put("ready", p.ready())).toList()));
    ctx.response().putHeader("content-type", "application/json").end(body.encode());
  }

  private void metrics(RoutingContext ctx) {
    // Scraping walks every meter: cheap, but not ours to run on an event loop under load.
    ctx.vertx().executeBlocking(metrics::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().setStatusCode(500).end("metrics unavailable");
      } else {
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      }
    });
  }
}
