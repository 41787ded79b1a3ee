package org.kabambe.connectors.africastalking;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.connectors.ussd.GatewayConfig;
import org.kabambe.connectors.ussd.UssdRoutes;

/**
 * Decides, before the body is read, whether a callback may come in, as the USSD routes do: disabled 404, token (path
 * segment or {@code X-Kabambe-Token} header) or allowlist 403, method 405, content type 415. A security policy
 * handler so that it may run before the body handler.
 */
final class CallbackAdmission implements SecurityPolicyHandler {
  private static final String FORM = "application/x-www-form-urlencoded";

  private final GatewayConfig config;

  CallbackAdmission(GatewayConfig config) {
    this.config = config;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> pathToken = Optional.ofNullable(ctx.pathParam("token")).filter(t -> !t.isEmpty());
    if (!config.enabled() || (config.token().isEmpty() && pathToken.isPresent())) {
      AfricasTalkingSmsRoutes.plain(ctx, 404, "not found");
      return;
    }
    Optional<String> header = Optional.ofNullable(ctx.request().getHeader(UssdRoutes.TOKEN_HEADER));
    Optional<String> caller = Optional.ofNullable(ctx.request().remoteAddress()).map(SocketAddress::hostAddress);
    if (!tokenAccepted(pathToken, header) || !admits(caller)) {
      AfricasTalkingSmsRoutes.plain(ctx, 403, "forbidden");
      return;
    }
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.response().putHeader("Allow", "POST");
      AfricasTalkingSmsRoutes.plain(ctx, 405, "method not allowed: use POST");
      return;
    }
    if (!FORM.equals(mediaType(ctx.request().getHeader("Content-Type")))) {
      AfricasTalkingSmsRoutes.plain(ctx, 415, "content type must be " + FORM);
      return;
    }
    ctx.next();
  }

  private boolean tokenAccepted(Optional<String> path, Optional<String> header) {
    return config.token()
        .map(secret -> path.filter(given -> sameSecret(secret, given)).isPresent()
            || header.filter(given -> sameSecret(secret, given)).isPresent())
        .orElse(true);
  }

  private boolean admits(Optional<String> address) {
    return config.allowedSources().isEmpty()
        || address.filter(ip -> config.allowedSources().stream().anyMatch(range -> range.contains(ip))).isPresent();
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
