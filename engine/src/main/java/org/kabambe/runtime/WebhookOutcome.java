package org.kabambe.runtime;

import java.util.Optional;

/**
 * What came of a webhook: the parsed JSON value on success (maps, lists, strings, numbers, booleans), or a
 * reason for failure (timeout, error status, malformed JSON), which sends the flow to the action's on_error.
 */
public record WebhookOutcome(Optional<Object> value, Optional<String> failure) {
  public static WebhookOutcome success(Object value) {
    return new WebhookOutcome(Optional.of(value), Optional.empty());
  }

  public static WebhookOutcome failed(String reason) {
    return new WebhookOutcome(Optional.empty(), Optional.of(reason));
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
