package org.kabambe.connectors.africastalking;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLHandshakeException;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * Sends SMS through Africa's Talking's HTTP API ({@code POST {base}/version1/messaging}). Africa's Talking splits
 * long texts itself and returns one {@code messageId} per message, so an accepted message has one provider id, and
 * its delivery callbacks (see {@link AfricasTalkingSmsRoutes}) name that id.
 *
 * <p>Failures map by what may have been sent: no connection (refused, unresolved, TLS handshake, connect timeout)
 * is a Retry; a timeout or a dropped connection after the request went out, or an HTTP 5xx, is Unknown.
 */
public final class AfricasTalkingSmsProvider implements SmsProvider {
  private final AfricasTalkingSmsSettings settings;
  private final WebClient client;
  private volatile boolean closed;

  public AfricasTalkingSmsProvider(Vertx vertx, AfricasTalkingSmsSettings settings) {
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setUserAgent("kabambe"));
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public int tps() {
    return settings.tps();
  }

  @Override
  public boolean ready() {
    return !closed;
  }

  @Override
  public CompletionStage<SubmitResult> submit(OutboundSms message) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("username", settings.username())
        .add("to", message.to())
        .add("message", message.text());
    String from = message.from().isEmpty() ? settings.senderId().orElse("") : message.from();
    if (!from.isEmpty()) {
      form.add("from", from);
    }
    return client.postAbs(settings.messagingUrl())
        .putHeader("apiKey", settings.apiKey())
        .putHeader("Accept", "application/json")
        .timeout(settings.requestTimeout().toMillis())
        .sendForm(form)
        .map(response -> SendResponses.of(response.statusCode(), response.bodyAsString() == null ? ""
            : response.bodyAsString()))
        .otherwise(AfricasTalkingSmsProvider::ofFailure)
        .toCompletionStage();
  }

  static SubmitResult ofFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // A connect timeout is a ConnectException too.
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLHandshakeException) {
        return new SubmitResult.Retry(0, "could not connect to Africa's Talking: " + t.getMessage());
      }
    }
    return new SubmitResult.Unknown("no answer from Africa's Talking: " + failure);
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
