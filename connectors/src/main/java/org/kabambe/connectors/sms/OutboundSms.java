package org.kabambe.connectors.sms;

import java.util.Objects;

/**
 * A mobile-terminated message to submit: {@code id} is the engine's outbox row id, carried so receipts and
 * retries can be matched to it; {@code from} is the sender address ("" for the bind's default).
 */
public record OutboundSms(long id, String to, String from, String text) {
  public OutboundSms {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
  }
}
