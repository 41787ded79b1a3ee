package org.kabambe.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.kabambe.analytics.TailOrder;
import org.kabambe.api.Audit;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw rows older than their {@link RetentionSettings}, off the hop path: small batches, each its own
 * transaction, with a pause between them so the writer and the rollup keep their pace. Events and answers go only
 * once the rollup has counted them ({@link TailOrder#counted}), so the daily figure tables keep their counts.
 *
 * <p>{@link #run()} is one full pass (what a schedule, or a singleton on a cluster, calls); {@link #start()} runs it
 * daily on a thread of its own. Hop tables are purged as a prefix in id order (ids follow time): each batch reads
 * the lowest ids through the primary key and stops at the first row too young or not yet counted, so no index on
 * {@code at} is paid on every hop. Every delete re-checks its conditions: a row that commits meanwhile is kept.
 */
public final class RetentionPurge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
  /** The outbox statuses after which a message's text is no longer needed (no retry, no resend). */
  private static final String FINAL = "('delivered', 'failed', 'expired', 'submitted')";

  /**
   * How the purge paces itself.
   *
   * @param batch rows a transaction (deleted or blanked)
   * @param pause between two batches
   * @param every between two passes
   * @param first before the first pass after {@link #start()}
   */
  public record Settings(int batch, Duration pause, Duration every, Duration first) {
    public static final Settings DEFAULT = new Settings(1_000, Duration.ofMillis(200), Duration.ofDays(1),
        Duration.ofMinutes(10));
  }

  /** What one pass removed: rows deleted, and message texts blanked. */
  public record Purged(long events, long answers, long conversations, long outboxBodies, long audit) {
    public long total() {
      return events + answers + conversations + outboxBodies + audit;
    }
  }

  private final Database database;
  private final RetentionSettings retention;
  private final Clock clock;
  private final Settings settings;
  private final TailOrder order;
  /** Outbox ids up to here have all reached a final status and lost their text: the next pass starts after them. */
  private long outboxDone;
  private ScheduledExecutorService thread;
  private BooleanSupplier mine = () -> true;

  public RetentionPurge(Database database, RetentionSettings retention, Clock clock, Settings settings) {
    this.database = database;
    this.retention = retention;
    this.clock = clock;
    this.settings = settings;
    this.order = TailOrder.of(database.dialect());
  }

  /** Runs {@link #run()} every {@link Settings#every} on a daemon thread of its own. */
  public RetentionPurge start() {
    return start(() -> true);
  }

  /**
   * As {@link #start()}, a pass running only while {@code mine} says so: on a cluster, only on the node holding the
   * purge's singleton (several would be safe, every delete re-checks its rows, only wasteful).
   */
  public RetentionPurge start(BooleanSupplier mine) {
    this.mine = mine;
    var executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "kabambe-retention");
      t.setDaemon(true);
      return t;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    thread = executor;
    thread.scheduleWithFixedDelay(this::scheduled, settings.first().toMillis(), settings.every().toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  private void scheduled() {
    if (!mine.getAsBoolean()) return;
    try {
      run();
    } catch (RuntimeException e) {
      if (!thread.isShutdown()) log.warn("retention purge failed; the next pass tries again", e);
    }
  }

  /** One pass over every kind of data, oldest rows first; blocking (minutes on a large backlog, by design). */
  public synchronized Purged run() {
    Instant now = clock.instant();
    var purged = new Purged(
        prefix("events", "at", cutoff(retention.events(), now), order.counted("events")),
        prefix("answers", "at", cutoff(retention.answers(), now), order.counted("answers")),
        endedConversations(cutoff(retention.endedConversations(), now)),
        outboxBodies(cutoff(retention.outboxBodies(), now)),
        prefix("audit", "at", cutoff(retention.audit(), now), "1 = 1"));
    if (purged.total() > 0) {
      record(now, purged);
      log.info("retention purge: {} events, {} answers, {} ended conversations deleted, {} message texts blanked, {}"
          + " audit rows deleted", purged.events(), purged.answers(), purged.conversations(), purged.outboxBodies(),
          purged.audit());
    }
    return purged;
  }

  private static Optional<Instant> cutoff(Optional<Duration> keep, Instant now) {
    return keep.map(now::minus);
  }

  /** Deletes, in id order, the rows of {@code table} older than {@code cutoff} that meet {@code condition}. */
  private long prefix(String table, String atColumn, Optional<Instant> cutoff, String condition) {
    if (cutoff.isEmpty()) return 0;
    String eligible = atColumn + " < ? AND " + condition;
    String select = "SELECT id, CASE WHEN " + eligible + " THEN 1 ELSE 0 END FROM " + table + " ORDER BY id"
        + " FETCH FIRST " + settings.batch() + " ROWS ONLY";
    String delete = "DELETE FROM " + table + " WHERE id <= ? AND " + eligible;
    long deleted = 0;
    while (true) {
      long last = -1;
      boolean more;
      try (var c = database.connection()) {
        c.setAutoCommit(false);
        int rows = 0;
        more = false;
        try (var s = c.prepareStatement(select)) {
          s.setObject(1, SqlTimes.of(cutoff.get()));
          try (var rs = s.executeQuery()) {
            while (rs.next() && rs.getInt(2) == 1) {
              last = rs.getLong(1);
              rows++;
            }
          }
        }
        if (last < 0) {
          c.rollback();
          return deleted;
        }
        try (var s = c.prepareStatement(delete)) {
          s.setLong(1, last);
          s.setObject(2, SqlTimes.of(cutoff.get()));
          deleted += s.executeUpdate();
        }
        c.commit();
        more = rows == settings.batch();
      } catch (SQLException e) {
        throw failure(table, e);
      }
      if (!more) return deleted;
      pause();
    }
  }

  /** Deletes conversations that ended before {@code cutoff}, one pass over the table in key order. */
  private long endedConversations(Optional<Instant> cutoff) {
    if (cutoff.isEmpty()) return 0;
    String phone = "";
    String channel = "";
    long deleted = 0;
    while (true) {
      var keys = new ArrayList<String[]>();
      int read = 0;
      try (var c = database.connection()) {
        c.setAutoCommit(false);
        try (var s = c.prepareStatement("SELECT phone, channel, CASE WHEN ended AND updated_at < ? THEN 1 ELSE 0 END"
            + " FROM conversations WHERE phone > ? OR (phone = ? AND channel > ?) ORDER BY phone, channel"
            + " FETCH FIRST " + settings.batch() + " ROWS ONLY")) {
          s.setObject(1, SqlTimes.of(cutoff.get()));
          s.setString(2, phone);
          s.setString(3, phone);
          s.setString(4, channel);
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              read++;
              phone = rs.getString(1);
              channel = rs.getString(2);
              if (rs.getInt(3) == 1) keys.add(new String[] {phone, channel});
            }
          }
        }
        if (!keys.isEmpty()) {
          // The writer may have started the conversation again since: the delete checks it still ended long ago.
          try (var s = c.prepareStatement("DELETE FROM conversations WHERE phone = ? AND channel = ? AND ended"
              + " AND updated_at < ?")) {
            for (String[] key : keys) {
              s.setString(1, key[0]);
              s.setString(2, key[1]);
              s.setObject(3, SqlTimes.of(cutoff.get()));
              s.addBatch();
            }
            for (int n : s.executeBatch()) deleted += Math.max(n, 0);
          }
        }
        c.commit();
      } catch (SQLException e) {
        throw failure("conversations", e);
      }
      if (read < settings.batch()) return deleted;
      pause();
    }
  }

  /**
   * Blanks the text of messages that reached a final status before {@code cutoff}; the rows stay, since the message
   * figures count them. Reads in id order from where the last pass left every message done.
   */
  private long outboxBodies(Optional<Instant> cutoff) {
    if (cutoff.isEmpty()) return 0;
    long after = outboxDone;
    boolean allDone = true;
    long blanked = 0;
    while (true) {
      var ids = new ArrayList<Long>();
      int read = 0;
      boolean young = false;
      try (var c = database.connection()) {
        c.setAutoCommit(false);
        try (var s = c.prepareStatement("SELECT id, created_at, CASE WHEN status IN " + FINAL + " AND updated_at < ?"
            + " THEN 1 ELSE 0 END, text FROM outbox WHERE id > ? ORDER BY id FETCH FIRST " + settings.batch()
            + " ROWS ONLY")) {
          s.setObject(1, SqlTimes.of(cutoff.get()));
          s.setLong(2, after);
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              read++;
              if (rs.getObject(2, OffsetDateTime.class).toInstant().isAfter(cutoff.get())) {
                young = true; // ids follow creation: the rest is younger still
                break;
              }
              after = rs.getLong(1);
              boolean done = rs.getInt(3) == 1;
              if (done && !rs.getString(4).isEmpty()) ids.add(after);
              allDone &= done;
              if (allDone) outboxDone = after;
            }
          }
        }
        blanked += blank(c, ids, cutoff.get());
        c.commit();
      } catch (SQLException e) {
        throw failure("outbox", e);
      }
      if (young || read < settings.batch()) return blanked;
      pause();
    }
  }

  private static long blank(Connection c, List<Long> ids, Instant cutoff) throws SQLException {
    if (ids.isEmpty()) return 0;
    long blanked = 0;
    try (var s = c.prepareStatement("UPDATE outbox SET text = '' WHERE id = ? AND status IN " + FINAL
        + " AND updated_at < ?")) {
      for (long id : ids) {
        s.setLong(1, id);
        s.setObject(2, SqlTimes.of(cutoff));
        s.addBatch();
      }
      for (int n : s.executeBatch()) blanked += Math.max(n, 0);
    }
    return blanked;
  }

  /** The pass in the audit trail (counts only), so a later reader knows why older rows are gone. */
  private void record(Instant now, Purged p) {
    try (var c = database.connection()) {
      Audit.record(c, now, "retention", "retention_purge", "", p.events() + " events, " + p.answers() + " answers, "
          + p.conversations() + " ended conversations deleted; " + p.outboxBodies() + " message texts blanked; "
          + p.audit() + " audit rows deleted");
    } catch (SQLException e) {
      throw failure("audit", e);
    }
  }

  private void pause() {
    try {
      Thread.sleep(settings.pause().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("retention purge interrupted", e);
    }
  }

  private StoreException failure(String table, SQLException e) {
    return new StoreException("retention purge of " + table + " in " + database.location() + " failed: "
        + e.getMessage() + " (rows deleted so far stay deleted; the next pass carries on)", e);
  }

  @Override
  public void close() {
    if (thread == null) return;
    thread.shutdownNow(); // a pass stops at its next pause; a batch in flight commits or rolls back whole
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
