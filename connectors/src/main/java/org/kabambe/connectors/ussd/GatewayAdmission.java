package org.kabambe.connectors.ussd;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.http.PercentDecoder;

/**
 * Decides, before any body is read, whether a request may reach a gateway: known and enabled (404), token and
 * allowlist (403), method (405), content type (415). A security policy handler so that it may run before the
 * body handler.
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
    if (config.token().isEmpty() && pathToken.isPresent()) {
      UssdRoutes.plain(ctx, 404, "unknown gateway path");
      return;
    }
    Optional<String> headerToken = Optional.ofNullable(ctx.request().getHeader(UssdRoutes.TOKEN_HEADER));
    Optional<String> caller = Optional.ofNullable(ctx.request().remoteAddress()).map(SocketAddress::hostAddress);
    if (!tokenAccepted(config, pathToken, headerToken) || !config.admits(caller)) {
      UssdRoutes.plain(ctx, 403, "forbidden");
      return;
    }
    if (!ctx.request().method().equals(gateway.method())) {
      ctx.response().putHeader("Allow", gateway.method().name());
      UssdRoutes.plain(ctx, 405, "method not allowed: use " + gateway.method().name());
      return;
    }
    Optional<String> required = gateway.contentType();
    if (required.isPresent() && !required.get().equals(mediaType(ctx.request().getHeader("Content-Type")))) {
      UssdRoutes.plain(ctx, 415, "content type must be " + required.get());
      return;
    }
    ctx.put(GATEWAY_KEY, gateway);
    ctx.put(CONFIG_KEY, config);
    ctx.next();
  }

  private static boolean tokenAccepted(GatewayConfig config, Optional<String> path, Optional<String> header) {
    return config.token()
        .map(secret -> path.filter(given -> sameSecret(secret, given)).isPresent()
            || header.filter(given -> sameSecret(secret, given)).isPresent())
        .orElse(true);
  }

  // Constant-time, so response timing does not reveal how much of a guessed token was right.
  private static boolean sameSecret(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
