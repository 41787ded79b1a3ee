package org.kabambe.api;

import static org.kabambe.api.Answers.error;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.kabambe.analytics.SimulatedNumbers;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.flow.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web simulator. {@code GET /api/simulator} (viewer) tells the page where to send hops and which
 * USSD codes the flows answer: straight to {@code /ussd/generic} when that gateway is open (no token, no
 * allowlist, the default config), else to {@code POST /api/simulate} (author), which hands the hop to the same
 * USSD service the gateway calls, so a protected deployment never gives its gateway secret to a browser.
 * Simulated callers are fictional numbers only ({@link SimulatedNumbers}), so the proxy cannot answer for a
 * real participant.
 */
final class SimulatorRoutes {
  private static final Logger log = LoggerFactory.getLogger(SimulatorRoutes.class);

  private final FlowRegistry flows;
  private final SimulatorGateway gateway;

  SimulatorRoutes(FlowRegistry flows, SimulatorGateway gateway) {
    this.flows = flows;
    this.gateway = gateway;
  }

  void mount(ApiRouter api) {
    api.get("/api/simulator", Role.VIEWER, (ctx, c) -> info());
    api.postBodies("/api/simulate", 4_096);
    api.answering(HttpMethod.POST, "/api/simulate", Role.AUTHOR, (ctx, caller) -> simulate(ctx));
  }

  private JsonObject info() {
    var list = new JsonArray();
    for (Flow f : flows.catalog().flows().values()) {
      var codes = new JsonArray(f.triggers().ussd().stream().map(l -> l.value()).toList());
      if (!codes.isEmpty()) list.add(new JsonObject().put("id", f.id()).put("title", f.title()).put("ussd", codes));
    }
    boolean open = gateway.gatewayOpen();
    return new JsonObject().put("endpoint", open ? "/ussd/generic" : "/api/simulate")
        .put("needs_role", open ? null : Role.AUTHOR.label()).put("numbers", SimulatedNumbers.RANGE)
        .put("flows", list);
  }

  private void simulate(RoutingContext ctx) {
    Optional<JsonObject> read = JsonBody.of(ctx);
    if (read.isEmpty()) {
      error(ctx, 400, "bad_request", "send {sessionId, msisdn, serviceCode, input, new} as JSON");
      return;
    }
    JsonObject body = read.get();
    String session = body.getValue("sessionId") instanceof String s ? s : "";
    String msisdn = body.getValue("msisdn") instanceof String s ? s : "";
    String code = body.getValue("serviceCode") instanceof String s ? s : "";
    String input = body.getValue("input") instanceof String s ? s : "";
    boolean fresh = Boolean.TRUE.equals(body.getValue("new"));
    if (session.isBlank() || session.length() > 64 || code.isBlank() || input.length() > 182) {
      error(ctx, 400, "bad_request", "sessionId (up to 64 characters), serviceCode and input are required");
      return;
    }
    if (!SimulatedNumbers.PATTERN.matcher(msisdn).matches()) {
      error(ctx, 400, "bad_request", "the simulator only dials from fictional numbers " + SimulatedNumbers.RANGE
          + " (got '" + msisdn + "')");
      return;
    }
    gateway.hop(session, msisdn, code, input, fresh).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("content-type", "application/json").end(ar.result().encode());
      } else {
        log.warn("simulated hop failed", ar.cause());
        error(ctx, 500, "internal", "the hop failed; see the server log");
      }
    });
  }
}
