package org.kabambe.analytics;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * When each flow version (a content hash, as the flow registry keeps them) was first served: the "version
 * deployed" markers of the timeline. The registry itself keeps versions in memory only, since the last start.
 * Blocking JDBC: call it on a worker thread (or at start, before serving).
 */
public final class FlowVersions {
  /** One version of a flow as loaded. */
  public record Loaded(String flowId, String contentHash, int version) {}

  private final Database database;

  public FlowVersions(Database database) {
    this.database = database;
  }

  /** Records the versions not seen before as first served {@code at}; versions already known keep their time. */
  public synchronized int record(List<Loaded> loaded, Instant at) {
    try (var c = database.connection()) {
      Set<String> known = new HashSet<>();
      try (var s = c.createStatement(); var rs = s.executeQuery("SELECT flow_id, content_hash FROM flow_versions")) {
        while (rs.next()) known.add(rs.getString(1) + "@" + rs.getString(2));
      }
      int added = 0;
      try (var s = c.prepareStatement("INSERT INTO flow_versions (flow_id, content_hash, version, first_seen_at)"
          + " VALUES (?, ?, ?, ?)")) {
        for (Loaded f : loaded) {
          if (!known.add(f.flowId() + "@" + f.contentHash())) continue;
          s.setString(1, f.flowId());
          s.setString(2, f.contentHash());
          s.setInt(3, f.version());
          s.setObject(4, SqlTimes.of(at));
          s.addBatch();
          added++;
        }
        if (added > 0) s.executeBatch();
      }
      return added;
    } catch (SQLException e) {
      throw new StoreException("cannot record flow versions in " + database.location() + ": " + e.getMessage(), e);
    }
  }
}
