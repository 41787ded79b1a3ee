package org.kabambe.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How SMS reaches operators: SMPP binds (URLs, see {@code SmppBindConfig}) and/or Africa's Talking's HTTP API,
 * optional routing of number prefixes to providers, and how long an SMS conversation waits for a reply.
 */
public record SmsConfig(List<String> smpp, Optional<AfricasTalkingSms> africastalking, Map<String, String> routes,
                        Duration replyTimeout, Duration retryMin, Duration retryMax) {
  /** The sender's default retry backoff for throttled submits: 2 s doubling to 10 min. */
  public static final Duration RETRY_MIN = Duration.ofSeconds(2);
  public static final Duration RETRY_MAX = Duration.ofMinutes(10);
  public static final SmsConfig NONE = new SmsConfig(List.of(), Optional.empty(), Map.of(), Duration.ofHours(24));

  public SmsConfig {
    smpp = List.copyOf(smpp);
    routes = Map.copyOf(routes);
    if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException("sms: retry_min must be positive and at most retry_max, got " + retryMin
          + " and " + retryMax);
    }
  }

  /** With the default retry backoff. */
  public SmsConfig(List<String> smpp, Optional<AfricasTalkingSms> africastalking, Map<String, String> routes,
                   Duration replyTimeout) {
    this(smpp, africastalking, routes, replyTimeout, RETRY_MIN, RETRY_MAX);
  }

  /** The same with more SMPP binds (from {@code --smpp} or {@code KABAMBE_SMPP}). */
  public SmsConfig withSmpp(List<String> more) {
    var all = new ArrayList<>(smpp);
    all.addAll(more);
    return new SmsConfig(all, africastalking, routes, replyTimeout, retryMin, retryMax);
  }

  public boolean hasProviders() {
    return !smpp.isEmpty() || africastalking.isPresent();
  }

  /** Africa's Talking SMS account; {@code token} protects the inbound and delivery-report callbacks. */
  public record AfricasTalkingSms(String username, String apiKey, Optional<String> baseUrl, Optional<String> from,
                                  Optional<String> token, int tps) {}
}
