package org.kabambe.outbox;

import java.time.Instant;
import java.util.Optional;

/**
 * A queued row the sender may send now. {@code sender} is "" for the provider's default from address;
 * {@code kind} is {@code system} for replies to STOP/HELP/JOIN, which reach even an opted-out number.
 */
record DueRow(long id, String phone, String text, String sender, Instant createdAt, Optional<Instant> expiresAt,
              int attempts, String kind) {
  boolean isSystemReply() {
    return "system".equals(kind);
  }
}
