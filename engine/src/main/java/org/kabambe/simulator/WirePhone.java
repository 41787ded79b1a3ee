package org.kabambe.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.kabambe.connectors.ussd.UssdReply;

/**
 * A handset behind a USSD gateway: each hop is the gateway's HTTP request to {@code /ussd/<gateway>} of a running
 * server, each answer read back as the gateway reads it. Blocking; for tools and tests, never an event loop.
 */
public final class WirePhone {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String url;
  private final GatewayWire wire;
  private final String msisdn;
  private final List<String> inputs = new ArrayList<>();
  private String dialled = "";
  private String sessionId = "";
  private int sessions;
  private GatewayWire.Hop last;

  public WirePhone(int port, GatewayWire wire, String msisdn) {
    this.url = "http://127.0.0.1:" + port + "/ussd/" + wire.id();
    this.wire = wire;
    this.msisdn = msisdn;
  }

  public GatewayWire wire() {
    return wire;
  }

  /** Dials {@code code} (maybe with pre-filled inputs: {@code *384*12*1#}): a new gateway session. */
  public UssdReply dial(String code) {
    dialled = code;
    sessionId = wire.id() + "-" + msisdn + "-" + (++sessions) + "-" + System.nanoTime();
    inputs.clear();
    return hop(new GatewayWire.Hop(sessionId, msisdn, dialled, true, "", ""));
  }

  /** Answers the screen on display, in the session dialled last. */
  public UssdReply send(String input) {
    if (sessionId.isEmpty()) throw new IllegalStateException("nothing on screen: dial a code first");
    inputs.add(input);
    return hop(new GatewayWire.Hop(sessionId, msisdn, dialled, false, input, String.join("*", inputs)));
  }

  /** Sends the last hop again, as a gateway does when a reply was slow or lost. */
  public UssdReply retry() {
    if (last == null) throw new IllegalStateException("nothing sent yet");
    return hop(last);
  }

  private UssdReply hop(GatewayWire.Hop hop) {
    last = hop;
    GatewayWire.WireRequest r = wire.request(hop);
    var builder = HttpRequest.newBuilder(URI.create(r.query().isEmpty() ? url : url + "?" + r.query()))
        .timeout(Duration.ofSeconds(30));
    if (r.method().equals("POST")) {
      builder.header("Content-Type", r.contentType()).POST(HttpRequest.BodyPublishers.ofString(r.body()));
    } else {
      builder.GET();
    }
    HttpResponse<String> response;
    try {
      response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("the " + wire.id() + " request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the server answered the " + wire.id() + " request with HTTP "
          + response.statusCode() + ": " + response.body());
    }
    Map<String, String> headers = new TreeMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    return wire.reply(headers, response.body());
  }
}
