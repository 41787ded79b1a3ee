package org.kabambe.sms;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Finds SMS conversations that have waited long enough for a reminder or to expire, each by its flow's reply
 * timeout ({@link ReplyTimeouts}), and hands each number to {@link SmsService#tick}. The query runs on a worker
 * thread (blocking JDBC); at most {@code batch} numbers a pass. Only numbers actually due are returned, so that
 * conversations of a flow with a long timeout cannot fill every batch ahead of those of a short one.
 */
public final class SmsTimeouts {
  private final Database database;
  private final Clock clock;
  private final ReplyTimeouts timeouts;
  private final int batch;

  public SmsTimeouts(Database database, Clock clock, ReplyTimeouts timeouts, int batch) {
    this.database = database;
    this.clock = clock;
    this.timeouts = timeouts;
    this.batch = batch;
  }

  /**
   * The sweep's query with {@code overrides} flows that have their own timeout: parameters are the latest cut-off
   * of all, then per half (reminder, expiry) each override's flow id and cut-off and the deployment's cut-off.
   */
  static String dueQuery(int overrides) {
    // The cut-off by the conversation's flow: CASE flow_id WHEN ? THEN ? ... ELSE ? END (the deployment's).
    String cutoff = overrides == 0 ? "?" : "CASE flow_id" + " WHEN ? THEN ?".repeat(overrides) + " ELSE ? END";
    // waiting_since is set on SMS conversations waiting for a reply only (see ConversationRow.waitingForReply);
    // the first bound, the latest of all cut-offs, is what the index range-scans.
    return "SELECT phone FROM conversations WHERE waiting_since < ? AND ((reminded = FALSE"
        + " AND waiting_since < " + cutoff + ") OR waiting_since < " + cutoff + ") ORDER BY waiting_since";
  }

  /** Numbers due a reminder or expiry now. */
  public List<String> due() {
    var now = clock.instant();
    Map<String, Duration> overrides = timeouts.overrides();
    try (var c = database.connection(); var s = c.prepareStatement(dueQuery(overrides.size()))) {
      s.setMaxRows(batch);
      Duration shortest = overrides.values().stream().reduce(timeouts.fallback(),
          (a, b) -> a.compareTo(b) <= 0 ? a : b);
      s.setObject(1, SqlTimes.of(now.minus(shortest.dividedBy(2))));
      int i = 2;
      for (int half = 2; half >= 1; half--) { // first the reminder's cut-off (half-way), then the expiry's
        for (var e : overrides.entrySet()) {
          s.setString(i++, e.getKey());
          s.setObject(i++, SqlTimes.of(now.minus(e.getValue().dividedBy(half))));
        }
        s.setObject(i++, SqlTimes.of(now.minus(timeouts.fallback().dividedBy(half))));
      }
      List<String> phones = new ArrayList<>();
      try (var rows = s.executeQuery()) {
        while (rows.next()) phones.add(rows.getString(1));
      }
      return phones;
    } catch (SQLException e) {
      throw new StoreException("cannot find SMS conversations due a reminder: " + e.getMessage(), e);
    }
  }
}
