package org.kabambe.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kabambe.runtime.WebhookCall;
import org.kabambe.runtime.WebhookOutcome;

/**
 * Performs a flow's webhook on the Vert.x web client, never blocking an event loop. The timeout is the flow's,
 * capped by what is left of the gateway's reply budget; a timeout, a non-2xx status or a body that is not JSON
 * is a failure (the flow's {@code on_error} path), never an exception.
 */
public final class WebhookClient {
  private static final int MAX_BODY = 64 * 1024;
  private final WebClient client;
  /** Why no webhook is called, for a client that calls none (flow tests must not depend on the network). */
  private final String refusal;

  public WebhookClient(Vertx vertx) {
    this(vertx, "");
  }

  private WebhookClient(Vertx vertx, String refusal) {
    this.refusal = refusal;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent("Kabambe")
        .setConnectTimeout(2_000)
        .setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /** A client whose every call fails with {@code why} (the flow's {@code on_error} path), calling nothing. */
  public static WebhookClient refusing(Vertx vertx, String why) {
    return new WebhookClient(vertx, why);
  }

  /** Calls the webhook; the future always succeeds, with the parsed JSON or the reason it failed. */
  public Future<WebhookOutcome> call(WebhookCall call, Duration budget) {
    if (!refusal.isEmpty()) return Future.succeededFuture(WebhookOutcome.failed(refusal));
    long timeoutMs = Math.max(1, Math.min(call.timeout().toMillis(), budget.toMillis()));
    HttpRequest<Buffer> request;
    try {
      request = client.requestAbs(HttpMethod.valueOf(call.method()), call.url()).timeout(timeoutMs);
    } catch (RuntimeException e) {
      return Future.succeededFuture(WebhookOutcome.failed("bad webhook url '" + call.url() + "': " + e.getMessage()));
    }
    call.headers().forEach(request::putHeader);
    Future<HttpResponse<Buffer>> sent = call.body().isPresent()
        ? request.sendBuffer(Buffer.buffer(call.body().get()))
        : request.send();
    return sent.map(WebhookClient::outcome)
        .otherwise(e -> WebhookOutcome.failed(describe(e)));
  }

  private static WebhookOutcome outcome(HttpResponse<Buffer> response) {
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      return WebhookOutcome.failed("status " + response.statusCode());
    }
    Buffer body = response.body();
    if (body == null || body.length() == 0) return WebhookOutcome.failed("empty body");
    if (body.length() > MAX_BODY) return WebhookOutcome.failed("body over " + MAX_BODY + " bytes");
    try {
      return WebhookOutcome.success(plain(Json.decodeValue(body)));
    } catch (DecodeException e) {
      return WebhookOutcome.failed("malformed JSON");
    }
  }

  /** Vert.x JSON types become plain maps and lists, the values a conversation can hold and persist. */
  static Object plain(Object json) {
    if (json instanceof JsonObject o) {
      var m = new LinkedHashMap<String, Object>();
      for (Map.Entry<String, Object> e : o) {
        if (e.getValue() != null) m.put(e.getKey(), plain(e.getValue()));
      }
      return m;
    }
    if (json instanceof JsonArray a) {
      List<Object> l = new ArrayList<>(a.size());
      for (Object v : a) {
        if (v != null) l.add(plain(v));
      }
      return l;
    }
    if (json instanceof Integer i) return i.longValue();
    if (json instanceof Float f) return f.doubleValue();
    if (json instanceof java.math.BigDecimal d) return d.doubleValue();
    if (json instanceof java.math.BigInteger b) return b.doubleValue();
    return json == null ? "" : json;
  }

  private static String describe(Throwable e) {
    String name = e.getClass().getSimpleName();
    if (name.contains("Timeout") || String.valueOf(e.getMessage()).contains("timeout")) return "timeout";
    return "unreachable: " + e.getMessage();
  }

  public void close() {
    client.close();
  }
}
