package org.kabambe.sms;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Finds SMS conversations that have waited long enough for a reminder or to expire, and hands each number to
 * {@link SmsService#tick}. The query runs on a worker thread (blocking JDBC); at most {@code batch} numbers a pass.
 */
public final class SmsTimeouts {
  private static final String DUE = "SELECT phone FROM conversations WHERE channel = 'sms' AND ended = FALSE "
      + "AND ((reminded = FALSE AND updated_at < ?) OR updated_at < ?) ORDER BY updated_at";

  private final Database database;
  private final Clock clock;
  private final Duration replyTimeout;
  private final int batch;

  public SmsTimeouts(Database database, Clock clock, Duration replyTimeout, int batch) {
    this.database = database;
    this.clock = clock;
    this.replyTimeout = replyTimeout;
    this.batch = batch;
  }

  /** Numbers due a reminder or expiry now. */
  public List<String> due() {
    var now = clock.instant();
    try (var c = database.connection(); var s = c.prepareStatement(DUE)) {
      s.setMaxRows(batch);
      s.setObject(1, SqlTimes.of(now.minus(replyTimeout.dividedBy(2))));
      s.setObject(2, SqlTimes.of(now.minus(replyTimeout)));
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
