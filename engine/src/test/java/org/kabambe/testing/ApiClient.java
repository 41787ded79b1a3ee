package org.kabambe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;

/**
 * HTTP calls to a test server as the dashboard and a gateway make them: the API with one bearer token, USSD hops
 * over Africa's Talking or the generic JSON route (blocking; tests only).
 */
public final class ApiClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final KabambeServer server;
  private final String token;

  public ApiClient(KabambeServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /** A server on a free port serving {@code flows}, its database in {@code dir} (or a new PostgreSQL one). */
  public static KabambeServer start(Path dir, Path flows, Clock clock) throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", freePort(), flows, TestDatabases.location(dir),
        Optional.empty()), clock);
  }

  /** A port nothing listens on now. */
  public static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A new API token of {@code role}, named after it, that does not expire. */
  public static String token(KabambeServer server, Role role) {
    return new ApiTokens(server.database(), Clock.systemUTC())
        .create(role, role.name().toLowerCase(Locale.ROOT), Optional.empty(), "test").token();
  }

  /** A GET with the token. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(20)).build());
  }

  /** A GET with the token that must answer 200 with a JSON object. */
  public JsonObject ok(String path) throws IOException, InterruptedException {
    return new JsonObject(body(path));
  }

  /** A GET with the token that must answer 200; its body. */
  public String body(String path) throws IOException, InterruptedException {
    var r = get(path);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  /** A POST without a token (the USSD routes take none). */
  public HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** An Africa's Talking hop ({@code text}: every input so far joined by '*'); must answer 200; its body. */
  public String africasTalking(String session, String phone, String code, String text)
      throws IOException, InterruptedException {
    String body = "sessionId=" + session + "&phoneNumber=" + enc(phone) + "&serviceCode=" + enc(code) + "&text="
        + enc(text);
    var r = post("/ussd/africastalking", "application/x-www-form-urlencoded", body);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** A generic JSON hop; must answer 200; its body ({@code {"text", "end"}}). */
  public String generic(String session, String phone, String code, String input, boolean fresh)
      throws IOException, InterruptedException {
    String body = new JsonObject().put("sessionId", session).put("msisdn", phone).put("serviceCode", code)
        .put("input", input).put("new", fresh).encode();
    var r = post("/ussd/generic", "application/json", body);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
