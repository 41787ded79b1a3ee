package org.kabambe.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import io.vertx.core.json.JsonObject;
import org.kabambe.testing.Eventually;

/** A plain HTTP client for the USSD routes of a running server, as a gateway would call them (blocking; tests only). */
final class UssdClient {
  /** The demo flows, relative to the engine module (Maven's working directory for tests). */
  static final Path DEMO_FLOWS = Path.of("../flows").toAbsolutePath().normalize();
  static final String VACCINE_CODE = "*384*12#";

  private final HttpClient http;
  private final String base;

  UssdClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A status and body, with the screen's parts for Africa's Talking replies. */
  record Reply(int status, String body) {
    boolean continues() {
      return status == 200 && body.startsWith("CON ");
    }

    boolean ends() {
      return status == 200 && body.startsWith("END ");
    }

    /** The screen without {@code CON }/{@code END }. */
    String screen() {
      return body.length() >= 4 ? body.substring(4) : body;
    }
  }

  /** An Africa's Talking hop: {@code text} is every input so far joined by '*', "" on the first hop. */
  Reply africasTalking(String sessionId, String phone, String text) throws IOException, InterruptedException {
    return africasTalking(sessionId, phone, VACCINE_CODE, text);
  }

  /** The same, to the flow of another USSD code. */
  Reply africasTalking(String sessionId, String phone, String code, String text)
      throws IOException, InterruptedException {
    String form = "sessionId=" + enc(sessionId) + "&phoneNumber=" + enc(phone) + "&networkCode=63902"
        + "&serviceCode=" + enc(code) + "&text=" + enc(text);
    return post("/ussd/africastalking", "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
  }

  /** A generic JSON hop; the reply body is {@code {"text", "end"}}. */
  Reply generic(String sessionId, String phone, String input, boolean fresh) throws IOException, InterruptedException {
    return generic(sessionId, phone, input, fresh, "");
  }

  /** A generic JSON hop numbered {@code requestId} ("" sends none): the same id again marks a retry. */
  Reply generic(String sessionId, String phone, String input, boolean fresh, String requestId)
      throws IOException, InterruptedException {
    var body = new JsonObject().put("sessionId", sessionId).put("msisdn", phone).put("serviceCode", VACCINE_CODE)
        .put("input", input).put("new", fresh);
    if (!requestId.isEmpty()) body.put("requestId", requestId);
    String json = body.encode();
    return post("/ussd/generic", "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Reply post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r.body());
  }

  /** An admin API token sent with GET requests (the API is token-protected). */
  String bearer = "";

  Reply get(String path) throws IOException, InterruptedException {
    var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
    if (!bearer.isEmpty()) builder.header("Authorization", "Bearer " + bearer);
    var request = builder.build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r.body());
  }

  /** A GET with the target sent byte for byte (java.net.URI refuses malformed escapes), over a plain socket. */
  Reply rawGet(String target) throws IOException {
    try (var socket = new java.net.Socket("127.0.0.1", java.net.URI.create(base).getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int bodyAt = response.indexOf("\r\n\r\n");
      return new Reply(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
    }
  }

  /** Polls {@code /health} until it answers 200, or fails after {@code timeout}. */
  void awaitHealthy(Duration timeout, Process child) {
    boolean healthy = Eventually.within(timeout, () -> {
      if (child != null && !child.isAlive()) {
        throw new AssertionError("the server process exited with " + child.exitValue() + " before it was healthy");
      }
      try {
        return get("/health").status() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      }
    });
    if (!healthy) throw new AssertionError("the server was not healthy within " + timeout);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
