package org.kabambe.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** An HTTP call a flow asked for, with its templates already expanded. */
public record WebhookCall(String url, String method, Map<String, String> headers, Optional<String> body,
                          Duration timeout) {
  public WebhookCall {
    headers = Map.copyOf(headers);
  }
}
