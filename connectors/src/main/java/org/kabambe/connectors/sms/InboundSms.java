package org.kabambe.connectors.sms;

import java.time.Instant;
import java.util.Objects;

/**
 * A mobile-originated message as any provider delivers it, reassembled when it came in parts.
 *
 * @param provider   the bind or provider it came through (e.g. {@code smpp:main}, {@code africastalking})
 * @param from       the sender's number as the provider gave it (normalising is the engine's job)
 * @param to         the short code or number it was sent to
 * @param text       the whole text, decoded
 * @param providerId the provider's id for the message, "" when none (for de-duplication of redeliveries)
 */
public record InboundSms(String provider, String from, String to, String text, String providerId, Instant receivedAt) {
  public InboundSms {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
