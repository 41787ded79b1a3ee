package org.kabambe.cli;

import java.sql.SQLException;
import java.time.Instant;
import org.kabambe.api.Audit;
import org.kabambe.store.Database;

/** Every export that reveals phone numbers or personal fields leaves an audit row first (action export.reveal). */
final class RevealAudit {
  static final String ACTION = "export.reveal";

  private RevealAudit() {}

  /** Records the revealing export of {@code target}; no audit row, no export. */
  static void record(Database database, String target, String detail) {
    try (var c = database.connection()) {
      Audit.record(c, Instant.now(), "cli", ACTION, target, detail);
    } catch (SQLException e) {
      throw new CliException("cannot audit the export: " + e.getMessage());
    }
  }
}
