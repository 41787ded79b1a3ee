package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/** What every gateway states the same way: its name in the URL, its HTTP method and its body's media type. */
abstract class WireFormat implements UssdGateway {
  private final String name;
  private final HttpMethod method;
  private final Optional<String> contentType;

  WireFormat(String name, HttpMethod method, Optional<String> contentType) {
    this.name = name;
    this.method = method;
    this.contentType = contentType;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final HttpMethod method() {
    return method;
  }

  @Override
  public final Optional<String> contentType() {
    return contentType;
  }
}
