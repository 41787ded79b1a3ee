package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.http.ResponseWriter;

/**
 * The checks that decide, before any body is read, whether a caller may reach a gateway URL, held once for the USSD
 * routes and the SMS callbacks: a path token on a URL without one 404, token or allowlist 403, method 405, content
 * type 415. Whether the URL exists and is enabled is each route's own question.
 */
public final class CallerGuard {
  private CallerGuard() {}

  /** A refused request: the status, the plain-text message and any header the answer needs (Allow for 405). */
  public record Refusal(int status, String message, Map<String, String> headers) {
    /** Answers the request with this refusal. */
    public void send(RoutingContext ctx) {
      Map<String, String> all = new HashMap<>(headers);
      all.put("Content-Type", ResponseWriter.TEXT_PLAIN);
      ResponseWriter.send(ctx, status, all, message);
    }
  }

  /**
   * @param pathToken the token path segment, decoded; empty when the path has none
   * @param method the one method the URL accepts
   * @param mediaType the content type the URL requires (compared without parameters or case), empty for any
   * @return the refusal, or empty when the request may go on
   */
  public static Optional<Refusal> check(GatewayConfig config, HttpServerRequest request, Optional<String> pathToken,
      HttpMethod method, Optional<String> mediaType) {
    if (config.token().isEmpty() && pathToken.isPresent()) {
      return refuse(404, "unknown gateway path");
    }
    Optional<String> headerToken = Optional.ofNullable(request.getHeader(UssdRoutes.TOKEN_HEADER));
    Optional<String> caller = Optional.ofNullable(request.remoteAddress()).map(SocketAddress::hostAddress);
    if (!tokenAccepted(config, pathToken, headerToken) || !config.admits(caller)) {
      return refuse(403, "forbidden");
    }
    if (!request.method().equals(method)) {
      return Optional.of(new Refusal(405, "method not allowed: use " + method.name(), Map.of("Allow", method.name())));
    }
    if (mediaType.isPresent() && !mediaType.get().equals(mediaTypeOf(request.getHeader("Content-Type")))) {
      return refuse(415, "content type must be " + mediaType.get());
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(int status, String message) {
    return Optional.of(new Refusal(status, message, Map.of()));
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

  private static String mediaTypeOf(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
