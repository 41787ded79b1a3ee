package org.kabambe.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kabambe.api.ApiRoutes;
import org.kabambe.api.Role;
import org.kabambe.api.SimulatorGateway;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.cluster.Singletons;
import org.kabambe.connectors.ussd.GatewayConfig;
import org.kabambe.connectors.ussd.GenericJsonGateway;
import org.kabambe.connectors.ussd.UssdRequest;
import org.kabambe.connectors.ussd.UssdRoutes;
import org.kabambe.diag.Diagnostic;
import org.kabambe.metrics.KabambeMetrics;
import org.kabambe.store.Database;
import org.kabambe.store.HopSink;
import org.kabambe.ussd.UssdService;

/**
 * The HTTP surface: {@code /ussd/:gateway}, {@code /health}, {@code /metrics} (public), the admin API under
 * {@code /api/}, and the dashboard at {@code /}.
 */
final class HttpRoutes {
  private final UssdService ussd;
  private final Singletons singletons;
  private final DeploymentConfig config;
  private final FlowRegistry flows;
  private final KabambeMetrics metrics;
  private final HopSink writer;
  private final Database database;
  private final SmsChannel sms;
  private final Clock clock;
  private final ApiRoutes api;

  HttpRoutes(UssdService ussd, DeploymentConfig config, FlowRegistry flows, KabambeMetrics metrics,
             HopSink writer, Database database, SmsChannel sms, Clock clock,
             ApiRoutes api, Singletons singletons) {
    this.singletons = singletons;
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
    api.mountSimulator(router, simulator());
    dashboard(router);
  }

  /**
   * The dashboard at {@code /}: plain files from {@code dashboard/} on the class path, no build step. Its script
   * asks the token-protected API; the page itself holds no data, so it is public. The policy forbids inline
   * script and any other origin, so text from the API can only ever be text.
   */
  private static void dashboard(Router router) {
    var files = StaticHandler.create("dashboard").setIndexPage("index.html").setCachingEnabled(false)
        .setDirectoryListing(false);
    router.get("/*").handler(ctx -> {
      ctx.response()
          .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self';"
              + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    }).handler(files);
  }

  private SimulatorGateway simulator() {
    GatewayConfig generic = config.gateways().get(GenericJsonGateway.NAME);
    boolean open = generic != null && generic.enabled() && generic.token().isEmpty()
        && generic.allowedSources().isEmpty();
    int budget = generic == null ? 182 : generic.screenBudget().orElse(new GenericJsonGateway().defaultScreenBudget());
    return new SimulatorGateway() {
      @Override
      public boolean gatewayOpen() {
        return open;
      }

      @Override
      public Future<JsonObject> hop(String sessionId, String msisdn, String serviceCode, String input, boolean fresh) {
        // A person clicking in the dashboard never retries, and may send "98" twice within the retry window: each
        // hop is numbered so that none is taken for a retry.
        var request = new UssdRequest(GenericJsonGateway.NAME, sessionId, msisdn, serviceCode, "",
            fresh ? UssdRequest.Kind.BEGIN : UssdRequest.Kind.CONTINUE, input, false, budget, Optional.empty(),
            UUID.randomUUID().toString());
        return ussd.handle(request).map(reply -> new JsonObject().put("text", reply.text()).put("end", reply.end()));
      }
    };
  }

  /**
   * Public: up or down, and why in words, for a load balancer or a person; 503 when down. With a viewer token
   * also the details an operator needs (the database's location, queue sizes, SMS binds), kept from the public.
   */
  private void health(RoutingContext ctx) {
    List<String> problems = new ArrayList<>();
    if (flows.catalog().flows().isEmpty()) problems.add("no flows are loaded: check the flows folder and its errors");
    writer.refusal().ifPresent(problems::add); // the disk under the database is low: what, where, how much
    if (writer.failing()) {
      problems.add("the database does not accept writes: participants are told the service is busy (see the log)");
    }
    var body = new JsonObject().put("status", problems.isEmpty() ? "up" : "down");
    if (!problems.isEmpty()) body.put("reasons", new JsonArray(problems));
    api.optionalCaller(ctx, Role.VIEWER, caller -> {
      if (caller.isPresent()) {
        // Which node answered and which singleton jobs it runs: a cluster's operator reads every node's.
        body.put("node", singletons.node()).put("singletons", new JsonArray(singletons.held()))
            .put("database", database.location())
            .put("flows", flows.catalog().flows().size())
            .put("flow_errors", flows.findings().stream().filter(Diagnostic::isError).count())
            .put("writer_queue", writer.queued())
            .put("sms_providers", new JsonArray(sms.providers().stream()
                .map(p -> new JsonObject().put("name", p.name()).put("ready", p.ready())).toList()));
      }
      ctx.response().setStatusCode(problems.isEmpty() ? 200 : 503).putHeader("content-type", "application/json")
          .end(body.encode());
    });
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
