package org.kabambe.connectors.sms;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery receipt: which message (the provider's id, as given at submit time, normalised to the same form)
 * and what happened to it.
 */
public record DeliveryReport(String provider, String providerId, State state, String errorCode, Instant at) {
  /** The message states of SMPP's {@code message_state} TLV, which providers' own words map onto. */
  public enum State {
    ENROUTE, DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, ACCEPTED, UNKNOWN, REJECTED;

    /** Whether the message will not change state again. */
    public boolean isFinal() {
      return this != ENROUTE && this != ACCEPTED && this != UNKNOWN;
    }
  }

  public DeliveryReport {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(at, "at");
  }
}
