package org.kabambe.connectors.africastalking;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Optional;
import org.kabambe.connectors.ussd.CallerGuard;
import org.kabambe.connectors.ussd.GatewayConfig;

/**
 * Decides, before the body is read, whether a callback may come in: disabled 404, then the USSD routes' own
 * {@link CallerGuard} checks (token in the path or {@code X-Kabambe-Token} header, allowlist, POST, form content
 * type). A security policy handler so that it may run before the body handler.
 */
final class CallbackAdmission implements SecurityPolicyHandler {
  private static final String FORM = "application/x-www-form-urlencoded";

  private final GatewayConfig config;

  CallbackAdmission(GatewayConfig config) {
    this.config = config;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!config.enabled()) {
      AfricasTalkingSmsRoutes.plain(ctx, 404, "not found");
      return;
    }
    Optional<String> pathToken = Optional.ofNullable(ctx.pathParam("token")).filter(t -> !t.isEmpty());
    Optional<CallerGuard.Refusal> refusal =
        CallerGuard.check(config, ctx.request(), pathToken, HttpMethod.POST, Optional.of(FORM));
    if (refusal.isPresent()) {
      refusal.get().send(ctx);
      return;
    }
    ctx.next();
  }
}
