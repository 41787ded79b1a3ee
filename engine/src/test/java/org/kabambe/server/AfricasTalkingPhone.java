package org.kabambe.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A participant's phone as Africa's Talking relays it: each hop posts the whole text so far ("1*2*abc"), with
 * the same session id until the session ends. Real HTTP against a running server.
 */
final class AfricasTalkingPhone {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private String base;
  private final String phone;
  private final String code;
  private String sessionId;
  private final List<String> inputs = new ArrayList<>();
  private int sessions;

  AfricasTalkingPhone(int port, String phone, String code) {
    this.base = "http://127.0.0.1:" + port + "/ussd/africastalking";
    this.phone = phone;
    this.code = code;
  }

  /** Sends the next hops to the server on {@code port} (a balancer without stickiness, another node). */
  AfricasTalkingPhone via(int port) {
    this.base = "http://127.0.0.1:" + port + "/ussd/africastalking";
    return this;
  }

  /** Dials the service code: a new gateway session. */
  String dial() throws Exception {
    sessionId = "ATsess-" + phone + "-" + (++sessions);
    inputs.clear();
    return post(text());
  }

  /** Answers the screen on display. */
  String send(String input) throws Exception {
    inputs.add(input);
    return post(text());
  }

  /** Sends the last hop again, as a gateway does when our reply was slow or lost. */
  String retry() throws Exception {
    return post(text());
  }

  /** The end-of-session notification Africa's Talking posts after a session closes. */
  int notifyEnd(String status) throws Exception {
    String body = form("sessionId", sessionId, "phoneNumber", phone, "serviceCode", code, "networkCode", "63902",
        "status", status, "durationInMillis", "20000", "hopsCount", "3", "input", text(), "lastAppResponse", "x",
        "errorMessage", "");
    return HTTP.send(request(body), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private String text() {
    return String.join("*", inputs);
  }

  private String post(String text) throws Exception {
    String body = form("sessionId", sessionId, "phoneNumber", phone, "serviceCode", code, "networkCode", "63902",
        "text", text);
    HttpResponse<String> r = HTTP.send(request(body), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
    return r.body();
  }

  private HttpRequest request(String body) {
    return HttpRequest.newBuilder(URI.create(base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static String form(String... kv) {
    var sb = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (sb.length() > 0) sb.append('&');
      sb.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
