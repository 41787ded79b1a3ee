package org.kabambe.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One outbox row as the sender left it, with the parts the provider accepted (for the dashboard, exports, tests).
 *
 * @param smppStatus the last Retry/Rejected status the provider gave (SMPP command_status or its own code)
 */
public record OutboxMessage(long id, String phone, String text, OutboxStatus status, int attempts,
                            Optional<String> provider, Optional<String> error, OptionalInt smppStatus,
                            Instant createdAt, Instant nextAttemptAt, Optional<Instant> submittedAt,
                            Optional<Instant> deliveredAt, List<Part> parts) {
  public OutboxMessage {
    parts = List.copyOf(parts);
  }

  /** One accepted part: its provider id and what its receipts said. */
  public record Part(int seq, String provider, String providerId, OutboxStatus status, Optional<String> error) {}
}
