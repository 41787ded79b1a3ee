package org.kabambe.analytics;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * A version as the dashboard compares it: its declared version number and first-served time (null if it ran but
   * was never recorded), and its runs (simulator's left out) since versions were kept apart (V22).
   */
  public record Served(String contentHash, Integer version, Instant firstServed, long runs, long completed) {
    public double completionRate() {
      return runs == 0 ? 0 : (double) completed / runs;
    }
  }

  /**
   * The SQL of a flow's runs and completions per version: the rollup's per-day counts (run_version_daily, its
   * primary key leads with the flow), not its runs; the plan test reads it.
   */
  static final String RUNS_BY_VERSION = "SELECT flow_hash, SUM(runs), SUM(completed) FROM run_version_daily"
      + " WHERE flow_id = ? AND channel <> '" + SimulatedNumbers.CHANNEL + "' GROUP BY flow_hash";

  private final Database database;

  public FlowVersions(Database database) {
    this.database = database;
  }

  /** The flow's versions, first served first (versions never recorded, if any, last). */
  public List<Served> of(String flowId) {
    try (var c = database.connection()) {
      Map<String, Served> out = new LinkedHashMap<>();
      try (var s = c.prepareStatement("SELECT content_hash, version, first_seen_at FROM flow_versions"
          + " WHERE flow_id = ? ORDER BY first_seen_at, version, content_hash")) {
        s.setString(1, flowId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), new Served(rs.getString(1), rs.getInt(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(), 0, 0));
          }
        }
      }
      try (var s = c.prepareStatement(RUNS_BY_VERSION)) {
        s.setString(1, flowId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String hash = rs.getString(1);
            Served v = out.getOrDefault(hash, new Served(hash, null, null, 0, 0));
            out.put(hash, new Served(hash, v.version(), v.firstServed(), rs.getLong(2), rs.getLong(3)));
          }
        }
      }
      return new ArrayList<>(out.values());
    } catch (SQLException e) {
      throw new StoreException("cannot read the versions of flow '" + flowId + "' from " + database.location()
          + ": " + e.getMessage(), e);
    }
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
