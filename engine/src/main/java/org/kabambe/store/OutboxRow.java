package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An SMS to send, queued in the same transaction as the hop that decided to send it. {@code kind} is
 * {@link #FLOW} for flow content or {@link #SYSTEM} for replies to STOP/HELP/JOIN (sent even to an opted-out number).
 */
public record OutboxRow(String phone, String text, Instant createdAt, String kind, Instant notBefore) {
  public static final String FLOW = "flow";
  public static final String SYSTEM = "system";

  public OutboxRow {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(notBefore, "notBefore");
  }

  /** A message to send as soon as possible. */
  public OutboxRow(String phone, String text, Instant createdAt, String kind) {
    this(phone, text, createdAt, kind, createdAt);
  }

  /** Flow content, as soon as possible. */
  public OutboxRow(String phone, String text, Instant createdAt) {
    this(phone, text, createdAt, FLOW);
  }
}
