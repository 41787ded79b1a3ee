package org.kabambe.connectors.ussd;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kabambe.connectors.http.BoundedBody;
import org.kabambe.connectors.http.ResponseWriter;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.ParseResult.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts {@code /ussd/<gateway>} and {@code /ussd/<gateway>/<token>} (any method) on a router: admits the
 * caller, parses the gateway's wire format, asks the {@link UssdHandler} and writes its reply in the same format.
 *
 * <p>Checks run cheapest first and before the body is read: unknown or disabled gateway 404, token or allowlist
 * 403, method 405, content type 415, body over {@link #BODY_LIMIT} 413, bad field 400. A failing handler becomes a
 * polite end screen, never a 500.
 */
public final class UssdRoutes {
  /** Largest body accepted; real hops are a few hundred bytes. */
  public static final int BODY_LIMIT = 8 * 1024;
  /** Header carrying the gateway token when the path does not. */
  public static final String TOKEN_HEADER = "X-Kabambe-Token";
  /** {@code /ussd/<gateway>} or {@code /ussd/<gateway>/<token>}. */
  static final String PATH_PATTERN = "/ussd/[^/]+(?:/[^/]*)?";

  private static final Logger LOG = LoggerFactory.getLogger(UssdRoutes.class);
  // A request the parser did not foresee is a bug worth a stack trace, but callers choose the requests.
  private final LogThrottle parseFailures = new LogThrottle(1, TimeUnit.MINUTES);

  private final Map<String, UssdGateway> gateways;
  private final Map<String, GatewayConfig> configs;
  private final UssdHandler handler;

  /**
   * @param gateways adapters by name, usually {@link UssdGateways#standard()}
   * @param configs settings by gateway name; a gateway without one is not exposed
   * @param handler the engine
   */
  public UssdRoutes(Map<String, UssdGateway> gateways, Map<String, GatewayConfig> configs, UssdHandler handler) {
    this.gateways = Map.copyOf(gateways);
    this.configs = Map.copyOf(configs);
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** The built-in adapters with the given settings. */
  public static UssdRoutes standard(Map<String, GatewayConfig> configs, UssdHandler handler) {
    return new UssdRoutes(UssdGateways.standard(), configs, handler);
  }

  /** Adds the USSD routes to {@code router}. */
  public void mount(Router router) {
    BoundedBody body = new BoundedBody(BODY_LIMIT);
    // A regex without capture groups: path parameters would make Vert.x decode the query string itself and answer
    // a bare 400 on malformed percent-encoding, before an adapter could name the field.
    router.routeWithRegex(PATH_PATTERN)
        .handler(new GatewayAdmission(gateways, configs))
        .handler(body)
        .handler(this::answer)
        .failureHandler(this::failed);
  }

  private void answer(RoutingContext ctx) {
    UssdGateway gateway = ctx.get(GatewayAdmission.GATEWAY_KEY);
    GatewayConfig config = ctx.get(GatewayAdmission.CONFIG_KEY);
    Buffer bytes = BoundedBody.of(ctx);
    GatewayRequest request = new GatewayRequest(ctx.request().method(),
        Optional.ofNullable(ctx.request().query()).orElse(""), bytes,
        config.screenBudget().orElse(gateway.defaultScreenBudget()), config.serviceCode());
    ParseResult result;
    try {
      result = gateway.parse(request);
    } catch (RuntimeException e) {
      long suppressed = parseFailures.full();
      if (suppressed >= 0) {
        LOG.warn("USSD gateway {} could not parse a request ({} more since the last report)", gateway.name(),
            suppressed, e);
      }
      result = new Problem(400, "malformed request");
    }
    if (result instanceof Problem problem) {
      plain(ctx, problem.status(), problem.message());
    } else if (result instanceof Parsed hop) {
      respond(ctx, gateway, hop);
    }
  }

  private void respond(RoutingContext ctx, UssdGateway gateway, Parsed hop) {
    UssdRequest request = hop.request();
    callHandler(request).onComplete(outcome -> {
      if (outcome.failed()) {
        // Logged without the phone number: numbers are personal data.
        LOG.warn("USSD handler failed for {} session {} ({})", request.gateway(), request.sessionId(),
            request.kind(), outcome.cause());
      }
      WireReply wire;
      try {
        if (request.kind() == UssdRequest.Kind.END) {
          wire = gateway.acknowledgeEnd(hop);
        } else {
          wire = gateway.write(hop, outcome.succeeded() ? outcome.result() : UssdReply.endWith(UssdReply.BUSY_TEXT));
        }
      } catch (RuntimeException e) {
        LOG.warn("USSD gateway {} could not write a reply", gateway.name(), e);
        wire = gateway.write(hop, UssdReply.endWith(UssdReply.BUSY_TEXT));
      }
      send(ctx, wire);
    });
  }

  private Future<UssdReply> callHandler(UssdRequest request) {
    try {
      Future<UssdReply> reply = handler.handle(request);
      if (reply == null) {
        return Future.failedFuture(new IllegalStateException("USSD handler returned no future"));
      }
      return reply.map(value -> Objects.requireNonNull(value, "USSD handler completed with no reply"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void send(RoutingContext ctx, WireReply wire) {
    ResponseWriter.send(ctx, wire.status(), wire.headers(), wire.body());
  }

  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status >= 400 && status < 500) {
      plain(ctx, status, "bad request");
    } else {
      LOG.warn("USSD route failed", ctx.failure());
      plain(ctx, 500, "internal error");
    }
  }

  static void plain(RoutingContext ctx, int status, String message) {
    ResponseWriter.plain(ctx, status, message);
  }
}
