package org.kabambe.outbox;

import java.util.Locale;

/** Where an outbox row is in its life: queued -> submitting -> submitted -> delivered | failed | expired. */
public enum OutboxStatus {
  QUEUED, SUBMITTING, SUBMITTED, DELIVERED, FAILED, EXPIRED;

  /** The value stored in {@code outbox.status}. */
  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  static OutboxStatus ofSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether the row will not change status again. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == EXPIRED;
  }
}
