package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;

/** An SMS to send, queued in the same transaction as the hop that decided to send it. */
public record OutboxRow(String phone, String text, Instant createdAt) {
  public OutboxRow {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
