package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The broadcast and campaign messages sent to the numbers that replied in a rollup batch: a reply (or opt-out)
 * belongs to the last one submitted to the number at or before it, if that was within {@link #REPLY_WINDOW}.
 * Read per batch through the outbox's phone index (messages change status all the time: nothing is cached).
 */
final class SentMessages {
  static final Duration REPLY_WINDOW = Duration.ofDays(7);
  private static final int IN_CLAUSE = 500;

  private record Sent(Instant at, String source) {}

  private final Map<String, List<Sent>> byPhone = new HashMap<>();

  void load(Connection c, Collection<String> phones) throws SQLException {
    byPhone.clear();
    var list = new ArrayList<>(new LinkedHashSet<>(phones));
    for (int i = 0; i < list.size(); i += IN_CLAUSE) {
      List<String> part = list.subList(i, Math.min(list.size(), i + IN_CLAUSE));
      String sql = "SELECT phone, submitted_at, source FROM outbox WHERE phone IN ("
          + String.join(",", Collections.nCopies(part.size(), "?"))
          + ") AND source IS NOT NULL AND submitted_at IS NOT NULL";
      try (var s = c.prepareStatement(sql)) {
        for (int j = 0; j < part.size(); j++) s.setString(j + 1, part.get(j));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            byPhone.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Sent(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
          }
        }
      }
    }
  }

  /** The source of the message a number's reply at {@code at} answers, if any. */
  Optional<String> repliedTo(String phone, Instant at) {
    Sent best = null;
    for (Sent s : byPhone.getOrDefault(phone, List.of())) {
      if (!s.at().isAfter(at) && !s.at().isBefore(at.minus(REPLY_WINDOW)) && (best == null || s.at().isAfter(best.at()))) {
        best = s;
      }
    }
    return Optional.ofNullable(best).map(Sent::source);
  }
}
