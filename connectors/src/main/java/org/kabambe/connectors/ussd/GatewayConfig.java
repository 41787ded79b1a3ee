package org.kabambe.connectors.ussd;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one gateway URL is exposed: on or off, who may call it, and the settings its hops carry.
 *
 * @param enabled a disabled gateway answers 404 as if unknown
 * @param token a secret the caller must give as the last path segment ({@code /ussd/hubtel/<token>}) or in the
 *     {@code X-Kabambe-Token} header; empty for none (then a path token answers 404)
 * @param allowedSources when not empty, only these addresses may call (others get 403); the remote address is the
 *     socket's unless the router is told to trust forwarding headers
 * @param screenBudget overrides the gateway's default characters per screen
 * @param serviceCode the short code this URL serves, for gateways that do not send one (Nalo, Flares)
 */
public record GatewayConfig(
    boolean enabled,
    Optional<String> token,
    List<IpRange> allowedSources,
    OptionalInt screenBudget,
    Optional<String> serviceCode) {

  public GatewayConfig {
    Objects.requireNonNull(token, "token");
    allowedSources = List.copyOf(allowedSources);
    Objects.requireNonNull(screenBudget, "screenBudget");
    Objects.requireNonNull(serviceCode, "serviceCode");
    if (token.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("a gateway token must not be blank");
    }
    if (screenBudget.isPresent() && screenBudget.getAsInt() <= 0) {
      throw new IllegalArgumentException("screen budget must be positive");
    }
  }

  /** An enabled gateway with no token, no allowlist and its default budget (protect it before production). */
  public static GatewayConfig open() {
    return new GatewayConfig(true, Optional.empty(), List.of(), OptionalInt.empty(), Optional.empty());
  }

  /** An enabled gateway that requires {@code token}. */
  public static GatewayConfig withToken(String token) {
    return open().token(token);
  }

  public GatewayConfig token(String secret) {
    return new GatewayConfig(enabled, Optional.of(secret), allowedSources, screenBudget, serviceCode);
  }

  /** The same settings with no token required. */
  public GatewayConfig withoutToken() {
    return new GatewayConfig(enabled, Optional.empty(), allowedSources, screenBudget, serviceCode);
  }

  /** Restricts callers to these IPs or CIDR blocks. */
  public GatewayConfig allow(String... sources) {
    List<IpRange> ranges = Arrays.stream(sources).map(IpRange::parse).toList();
    return new GatewayConfig(enabled, token, ranges, screenBudget, serviceCode);
  }

  public GatewayConfig screenBudget(int characters) {
    return new GatewayConfig(enabled, token, allowedSources, OptionalInt.of(characters), serviceCode);
  }

  public GatewayConfig serviceCode(String code) {
    return new GatewayConfig(enabled, token, allowedSources, screenBudget, Optional.of(code));
  }

  public GatewayConfig disabled() {
    return new GatewayConfig(false, token, allowedSources, screenBudget, serviceCode);
  }

  /** Whether a caller at {@code address} may use this gateway. */
  boolean admits(Optional<String> address) {
    return allowedSources.isEmpty()
        || address.filter(ip -> allowedSources.stream().anyMatch(range -> range.contains(ip))).isPresent();
  }
}
