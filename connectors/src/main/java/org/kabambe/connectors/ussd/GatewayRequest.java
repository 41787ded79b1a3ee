package org.kabambe.connectors.ussd;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Optional;

/**
 * One inbound HTTP request as an adapter sees it, plus the settings that shape the record it produces.
 *
 * @param method the HTTP method (already checked against the adapter's)
 * @param rawQuery the query string exactly as received, still percent-encoded, "" when absent
 * @param body the request body, empty for GET
 * @param screenBudget the budget to put on the {@link UssdRequest}
 * @param serviceCode the configured service code, for gateways that do not send one
 */
public record GatewayRequest(
    HttpMethod method, String rawQuery, Buffer body, int screenBudget, Optional<String> serviceCode) {

  public GatewayRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawQuery, "rawQuery");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(serviceCode, "serviceCode");
  }
}
