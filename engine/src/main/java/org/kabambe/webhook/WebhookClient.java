package org.kabambe.webhook;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.kabambe.input.TypedText;
import org.kabambe.runtime.WebhookCall;
import org.kabambe.runtime.WebhookOutcome;

/**
 * Performs a flow's webhook on the Vert.x HTTP client, never blocking an event loop. The flow's timeout, capped by
 * the gateway's reply budget, is one deadline for the whole call (connect, send, every byte of the answer): an
 * endpoint that drips its answer a byte at a time is cut off there. A timeout, a non-2xx status, a body that is
 * not JSON or is too long is a failure (the flow's {@code on_error} path), never an exception; a call that fails
 * or is cut off closes its connection, so a half-read answer never poisons the next call from the pool.
 */
public final class WebhookClient {
  private static final int MAX_BODY = 64 * 1024;
  private final Vertx vertx;
  private final HttpClientAgent client;
  /** Why no webhook is called, for a client that calls none (flow tests must not depend on the network). */
  private final String refusal;

  public WebhookClient(Vertx vertx) {
    this(vertx, "");
  }

  private WebhookClient(Vertx vertx, String refusal) {
    this.vertx = vertx;
    this.refusal = refusal;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(2_000)
        .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(64));
  }

  /** A client whose every call fails with {@code why} (the flow's {@code on_error} path), calling nothing. */
  public static WebhookClient refusing(Vertx vertx, String why) {
    return new WebhookClient(vertx, why);
  }

  /** Calls the webhook; the future always succeeds, with the parsed JSON or the reason it failed. */
  public Future<WebhookOutcome> call(WebhookCall call, Duration budget) {
    if (!refusal.isEmpty()) return Future.succeededFuture(WebhookOutcome.failed(refusal));
    long timeoutMs = Math.max(1, Math.min(call.timeout().toMillis(), budget.toMillis()));
    RequestOptions options;
    try {
      options = new RequestOptions().setAbsoluteURI(call.url()).setMethod(HttpMethod.valueOf(call.method()))
          .setFollowRedirects(false).setConnectTimeout(Math.min(timeoutMs, 2_000))
          .putHeader(HttpHeaders.USER_AGENT, "Kabambe");
      call.headers().forEach(options::putHeader);
    } catch (RuntimeException e) {
      return Future.succeededFuture(WebhookOutcome.failed("bad webhook url '" + call.url() + "': " + e.getMessage()));
    }
    Promise<WebhookOutcome> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long deadline = vertx.setTimer(timeoutMs, t -> {
      if (result.tryComplete(WebhookOutcome.failed("timeout"))) cutOff(sent.get());
    });
    client.request(options).compose(request -> {
      sent.set(request);
      if (result.future().isComplete()) {
        cutOff(request); // the deadline passed while connecting
        return Future.failedFuture("timeout");
      }
      Future<HttpClientResponse> answered = call.body().isPresent()
          ? request.send(Buffer.buffer(call.body().get())) : request.send();
      return answered.compose(response -> read(request, response));
    }).onComplete(ar -> {
      vertx.cancelTimer(deadline);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else if (result.tryComplete(WebhookOutcome.failed(describe(ar.cause())))) {
        cutOff(sent.get());
      }
    });
    return result.future();
  }

  /** Reads the answer up to {@link #MAX_BODY} bytes; a longer one is cut off rather than held in memory. */
  private static Future<WebhookOutcome> read(HttpClientRequest request, HttpClientResponse response) {
    Promise<WebhookOutcome> read = Promise.promise();
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY) {
        if (read.tryComplete(WebhookOutcome.failed("body over " + MAX_BODY + " bytes"))) cutOff(request);
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(read::tryFail);
    response.endHandler(v -> read.tryComplete(outcome(response.statusCode(), body)));
    return read.future();
  }

  /** Closes the connection under a request that will not be read to its end, so the pool never reuses it. */
  private static void cutOff(HttpClientRequest request) {
    if (request == null) return;
    request.reset();
    HttpConnection connection = request.connection();
    if (connection != null) connection.close();
  }

  private static WebhookOutcome outcome(int status, Buffer body) {
    if (status < 200 || status > 299) return WebhookOutcome.failed("status " + status);
    if (body.length() == 0) return WebhookOutcome.failed("empty body");
    try {
      return WebhookOutcome.success(plain(Json.decodeValue(body)));
    } catch (DecodeException e) {
      return WebhookOutcome.failed("malformed JSON");
    }
  }

  /** Vert.x JSON types become plain maps and lists, the values a conversation can hold and persist (no NUL). */
  static Object plain(Object json) {
    if (json instanceof JsonObject o) {
      var m = new LinkedHashMap<String, Object>();
      for (Map.Entry<String, Object> e : o) {
        if (e.getValue() != null) m.put(TypedText.withoutNul(e.getKey()), plain(e.getValue()));
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
    if (json instanceof BigDecimal d) return d.doubleValue();
    if (json instanceof BigInteger b) return b.doubleValue();
    if (json instanceof String s) return TypedText.withoutNul(s); // stored: see TypedText
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
