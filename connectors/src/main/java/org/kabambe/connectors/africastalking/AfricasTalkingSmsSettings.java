package org.kabambe.connectors.africastalking;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Africa's Talking's SMS API.
 *
 * @param name the provider name written in outbox rows and receipts (the routes must use the same)
 * @param baseUrl {@link #PRODUCTION}, {@link #SANDBOX}, or a local stand-in for tests
 * @param username the Africa's Talking application username ({@code sandbox} in the sandbox)
 * @param apiKey the application's API key, sent in the {@code apiKey} header
 * @param senderId the default {@code from} (a short code or alphanumeric sender id), empty for the account's default
 * @param tps submits per second the sender may make (Africa's Talking publishes no limit: set what you agreed)
 * @param connectTimeout how long to wait for a connection (a failure here means nothing was sent: retried)
 * @param requestTimeout how long to wait for the answer once connected (a failure here may mean sent: unknown)
 */
public record AfricasTalkingSmsSettings(String name, URI baseUrl, String username, String apiKey,
                                        Optional<String> senderId, int tps, Duration connectTimeout,
                                        Duration requestTimeout) {
  public static final URI PRODUCTION = URI.create("https://api.africastalking.com");
  public static final URI SANDBOX = URI.create("https://api.sandbox.africastalking.com");
  public static final String DEFAULT_NAME = "africastalking";

  public AfricasTalkingSmsSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (username.isBlank() || apiKey.isBlank()) {
      throw new IllegalArgumentException("Africa's Talking needs a username and an API key");
    }
    if (tps <= 0) {
      throw new IllegalArgumentException("tps must be positive: " + tps);
    }
  }

  /** Production at 10 submits/s, 5 s to connect, 30 s for the answer. */
  public static AfricasTalkingSmsSettings production(String username, String apiKey) {
    return new AfricasTalkingSmsSettings(DEFAULT_NAME, PRODUCTION, username, apiKey, Optional.empty(), 10,
        Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  public AfricasTalkingSmsSettings withBaseUrl(URI url) {
    return new AfricasTalkingSmsSettings(name, url, username, apiKey, senderId, tps, connectTimeout, requestTimeout);
  }

  public AfricasTalkingSmsSettings withSenderId(String id) {
    return new AfricasTalkingSmsSettings(name, baseUrl, username, apiKey, Optional.of(id), tps, connectTimeout,
        requestTimeout);
  }

  public AfricasTalkingSmsSettings withTps(int value) {
    return new AfricasTalkingSmsSettings(name, baseUrl, username, apiKey, senderId, value, connectTimeout,
        requestTimeout);
  }

  public AfricasTalkingSmsSettings withRequestTimeout(Duration timeout) {
    return new AfricasTalkingSmsSettings(name, baseUrl, username, apiKey, senderId, tps, connectTimeout, timeout);
  }

  /** The send endpoint: {@code {base}/version1/messaging}. */
  String messagingUrl() {
    String base = baseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/version1/messaging";
  }
}
