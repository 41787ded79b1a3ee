package org.kabambe.outbox;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.kabambe.store.Database;

/** Test helpers: put rows in the outbox as a hop (or a crash) would leave them, and wait for the sender. */
final class Outbox {
  private Outbox() {}

  /** A queued row due at {@code createdAt}; returns its id. */
  static long queue(Database db, String phone, String text, Instant createdAt) {
    return insert(db, phone, text, "queued", createdAt, Optional.empty(), Optional.empty());
  }

  static long queueExpiring(Database db, String phone, String text, Instant createdAt, Instant expiresAt) {
    return insert(db, phone, text, "queued", createdAt, Optional.of(expiresAt), Optional.empty());
  }

  /** A row as a crash between claim and result leaves it. */
  static long leftSubmitting(Database db, String phone, String text, Instant createdAt, String node) {
    return insert(db, phone, text, "submitting", createdAt, Optional.empty(), Optional.of(node));
  }

  private static long insert(Database db, String phone, String text, String status, Instant createdAt,
                             Optional<Instant> expiresAt, Optional<String> claimedBy) {
    var at = OutboxStore.timestamp(createdAt);
    try (var c = db.connection(); var insert = c.prepareStatement("INSERT INTO outbox (phone, text, status,"
        + " created_at, updated_at, next_attempt_at, attempts, expires_at, claimed_by, provider)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
      insert.setString(1, phone);
      insert.setString(2, text);
      insert.setString(3, status);
      insert.setObject(4, at);
      insert.setObject(5, at);
      insert.setObject(6, at);
      insert.setInt(7, claimedBy.isPresent() ? 1 : 0);
      if (expiresAt.isPresent()) {
        insert.setObject(8, OutboxStore.timestamp(expiresAt.get()));
      } else {
        insert.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
      }
      insert.setString(9, claimedBy.orElse(null));
      insert.setString(10, claimedBy.map(n -> "smsc").orElse(null));
      insert.executeUpdate();
      try (var keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to 5 s for {@code condition}. */
  static void await(String what, BooleanSupplier condition) {
    org.kabambe.testing.Eventually.until(what, java.time.Duration.ofSeconds(5), condition);
  }
}
