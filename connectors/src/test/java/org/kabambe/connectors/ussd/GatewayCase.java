package org.kabambe.connectors.ussd;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One row of a gateway's test table: a request in, and what the gateway and the handler should see out. */
final class GatewayCase {
  static final String TOKEN = "s3cret";

  final String name;
  HttpMethod method;
  String path;
  final Map<String, String> headers = new LinkedHashMap<>();
  byte[] body = new byte[0];
  GatewayConfig config = GatewayConfig.withToken(TOKEN);
  Function<UssdRequest, Future<UssdReply>> script = request -> Future.succeededFuture(UssdReply.continueWith("Menu"));
  int status;
  Optional<String> expectedBody = Optional.empty();
  final Map<String, String> expectedHeaders = new LinkedHashMap<>();
  Optional<UssdRequest> expectedRequest = Optional.empty();

  private GatewayCase(String name, HttpMethod method, String path) {
    this.name = name;
    this.method = method;
    this.path = path;
  }

  static GatewayCase post(String name, String path, String contentType, String body) {
    GatewayCase c = new GatewayCase(name, HttpMethod.POST, path);
    if (contentType != null) {
      c.headers.put("Content-Type", contentType);
    }
    c.body = body.getBytes(StandardCharsets.UTF_8);
    return c;
  }

  static GatewayCase get(String name, String pathAndQuery) {
    return new GatewayCase(name, HttpMethod.GET, pathAndQuery);
  }

  GatewayCase method(HttpMethod other) {
    method = other;
    return this;
  }

  GatewayCase header(String header, String value) {
    headers.put(header, value);
    return this;
  }

  GatewayCase rawBody(byte[] bytes) {
    body = bytes.clone();
    return this;
  }

  GatewayCase config(GatewayConfig other) {
    config = other;
    return this;
  }

  GatewayCase replies(UssdReply reply) {
    script = request -> Future.succeededFuture(reply);
    return this;
  }

  GatewayCase handlerFails() {
    script = request -> Future.failedFuture(new IllegalStateException("database on fire"));
    return this;
  }

  GatewayCase handlerThrows() {
    script = request -> {
      throw new IllegalStateException("bug in the engine");
    };
    return this;
  }

  /** Expects this status and exactly this body (compared as JSON when it looks like JSON). */
  GatewayCase expect(int expectedStatus, String exactBody) {
    status = expectedStatus;
    expectedBody = Optional.of(exactBody);
    return this;
  }

  GatewayCase expectStatus(int expectedStatus) {
    status = expectedStatus;
    return this;
  }

  GatewayCase expectHeader(String header, String value) {
    expectedHeaders.put(header, value);
    return this;
  }

  /** Expects a refusal with this status and body: the handler must not be called. */
  GatewayCase refused(int expectedStatus, String exactBody) {
    expectedRequest = Optional.empty();
    expectedHeaders.clear();
    return expect(expectedStatus, exactBody);
  }

  /** The handler must be called with exactly this record; without it, the handler must not be called. */
  GatewayCase sees(UssdRequest request) {
    expectedRequest = Optional.of(request);
    return this;
  }

  @Override
  public String toString() {
    return name;
  }
}
