package org.kabambe.connectors.ussd;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.http.PercentDecoder;

/**
 * Decides, before any body is read, whether a request may reach a gateway: known and enabled (404), then the
 * {@link CallerGuard} checks (token and allowlist 403, method 405, content type 415). A security policy handler so
 * that it may run before the body handler.
 */
final class GatewayAdmission implements SecurityPolicyHandler {
  static final String GATEWAY_KEY = "kabambe.ussd.gateway";
  static final String CONFIG_KEY = "kabambe.ussd.config";

  private final Map<String, UssdGateway> gateways;
  private final Map<String, GatewayConfig> configs;

  GatewayAdmission(Map<String, UssdGateway> gateways, Map<String, GatewayConfig> configs) {
    this.gateways = gateways;
    this.configs = configs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String[] segments = ctx.normalizedPath().substring("/ussd/".length()).split("/", 2);
    String name = segments[0];
    UssdGateway gateway = gateways.get(name);
    GatewayConfig config = configs.get(name);
    if (gateway == null || config == null || !config.enabled()) {
      UssdRoutes.plain(ctx, 404, "unknown gateway '" + name + "'");
      return;
    }
    Optional<String> pathToken = segments.length > 1 && !segments[1].isEmpty()
        ? Optional.of(PercentDecoder.decodePathSegment(segments[1]))
        : Optional.empty();
    Optional<CallerGuard.Refusal> refusal =
        CallerGuard.check(config, ctx.request(), pathToken, gateway.method(), gateway.contentType());
    if (refusal.isPresent()) {
      refusal.get().send(ctx);
      return;
    }
    ctx.put(GATEWAY_KEY, gateway);
    ctx.put(CONFIG_KEY, config);
    ctx.next();
  }
}
