package org.kabambe.outbox;

import java.time.Instant;
import java.util.Optional;

/** A queued row the sender may send now. {@code sender} is "" for the provider's default from address. */
record DueRow(long id, String phone, String text, String sender, Instant createdAt, Optional<Instant> expiresAt,
              int attempts) {}
