package org.kabambe.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.kabambe.store.SqlTimes;

/** Appends to the {@code audit} table: every change made through the CLI or the admin API, in its transaction. */
public final class Audit {
  private Audit() {}

  /** Records that {@code actor} (a token's name, or "cli") did {@code action} to {@code target}. */
  public static void record(Connection c, Instant at, String actor, String action, String target, String detail)
      throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
      s.setObject(1, SqlTimes.of(at));
      s.setString(2, actor);
      s.setString(3, action);
      s.setString(4, target);
      s.setString(5, detail);
      s.executeUpdate();
    }
  }
}
