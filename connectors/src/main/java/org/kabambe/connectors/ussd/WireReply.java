package org.kabambe.connectors.ussd;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import org.kabambe.connectors.http.ResponseWriter;

/**
 * An HTTP answer in a gateway's format.
 *
 * @param status the HTTP status
 * @param headers response headers, content type included
 * @param body the body, "" for none
 */
public record WireReply(int status, Map<String, String> headers, String body) {

  static final String TEXT_PLAIN = ResponseWriter.TEXT_PLAIN;
  static final String JSON = "application/json; charset=utf-8";

  public WireReply {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  /** A 200 plain-text answer. */
  public static WireReply text(String body) {
    return new WireReply(200, Map.of("Content-Type", TEXT_PLAIN), body);
  }

  /** A 200 JSON answer. */
  public static WireReply json(JsonObject body) {
    return new WireReply(200, Map.of("Content-Type", JSON), body.encode());
  }
}
