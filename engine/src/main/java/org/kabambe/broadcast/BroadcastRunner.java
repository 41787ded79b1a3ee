package org.kabambe.broadcast;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kabambe.catalog.Catalog;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * The resumable sender of broadcasts: starts a scheduled one when its time comes and runs one
 * {@link BroadcastBatch} at a time, the cursor committed with the batch's outbox rows, so a restart carries on
 * where it stopped. A running broadcast's {@link Audience} is compiled once per run, not per batch.
 */
final class BroadcastRunner {
  private final Database database;
  private final Supplier<Catalog> catalog;
  private final Clock clock;
  private final Broadcasts.Hooks hooks;
  private final Function<Long, Optional<Broadcasts.Progress>> progress;
  private final Map<Long, Audience> running = new ConcurrentHashMap<>();

  BroadcastRunner(Database database, Supplier<Catalog> catalog, Clock clock, Broadcasts.Hooks hooks,
                  Function<Long, Optional<Broadcasts.Progress>> progress) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
    this.hooks = hooks;
    this.progress = progress;
  }

  /** Drops a broadcast's compiled audience (its status changed: it is compiled afresh if it runs again). */
  void forget(long id) {
    running.remove(id);
  }

  /**
   * Runs one batch of the oldest broadcast due now (a scheduled one whose time has come is started); empty when
   * none is due. The server calls it again, behind other work, until it is empty.
   */
  Optional<Broadcasts.Step> step() {
    OptionalLong due = nextDue();
    if (due.isEmpty()) return Optional.empty();
    long id = due.getAsLong();
    return Optional.of(runBatch(id));
  }

  /** Runs every due broadcast to its end or pause; returns rows queued. */
  long runDue() {
    long queued = 0;
    for (Optional<Broadcasts.Step> s; (s = step()).isPresent(); ) queued += s.get().queued();
    return queued;
  }

  /**
   * Runs at most {@code maxBatches} batches of one broadcast, starting it if it is scheduled and due (tests stop
   * it there, as a crash would).
   */
  long run(long id, int maxBatches) {
    startIfDue(id);
    long queued = 0;
    for (int i = 0; i < maxBatches; i++) {
      Broadcasts.Step s = runBatch(id);
      queued += s.queued();
      if (s.done()) break;
    }
    return queued;
  }

  private Broadcasts.Step runBatch(long id) {
    Broadcasts.Progress p = progress.apply(id).orElseThrow(() -> new IllegalArgumentException("no broadcast " + id));
    if (!p.status().equals("sending")) {
      running.remove(id);
      return new Broadcasts.Step(id, 0, true);
    }
    Audience audience = running.computeIfAbsent(id, k -> new Audience(p.spec(), catalog.get(), database)
        .withCut(sampleCutOf(id)));
    BroadcastBatch.Outcome o;
    try {
      o = BroadcastBatch.run(database, id, p.cursor(), audience, catalog.get().fields(), clock);
    } catch (SQLException e) {
      throw new StoreException("broadcast " + id + ": " + e.getMessage(), e);
    }
    if (o.queued() > o.flowStarts()) hooks.outboxQueued().run();
    if (o.flowStarts() > 0) hooks.flowStartsRecorded().run();
    if (o.done() || !o.committed()) running.remove(id);
    return new Broadcasts.Step(id, o.queued(), o.done() || !o.committed());
  }

  /** The oldest broadcast sending, or scheduled and due (then marked sending). */
  private OptionalLong nextDue() {
    long id;
    boolean scheduled;
    try (Connection con = database.connection(); var s = con.prepareStatement("SELECT id, status FROM broadcasts "
        + "WHERE status = 'sending' OR (status = 'scheduled' AND start_at <= ?) ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
      s.setObject(1, SqlTimes.of(clock.instant()));
      try (var rs = s.executeQuery()) {
        if (!rs.next()) return OptionalLong.empty();
        id = rs.getLong(1);
        scheduled = rs.getString(2).equals("scheduled");
      }
    } catch (SQLException e) {
      throw new StoreException("cannot list broadcasts: " + e.getMessage(), e);
    }
    if (scheduled) startIfDue(id);
    return OptionalLong.of(id);
  }

  private void startIfDue(long id) {
    Instant now = clock.instant();
    try (Connection con = database.connection(); var s = con.prepareStatement("UPDATE broadcasts SET status = "
        + "'sending', updated_at = ? WHERE id = ? AND status = 'scheduled' AND start_at <= ?")) {
      s.setObject(1, SqlTimes.of(now));
      s.setLong(2, id);
      s.setObject(3, SqlTimes.of(now));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot start broadcast " + id + ": " + e.getMessage(), e);
    }
  }

  private double sampleCutOf(long id) {
    try (Connection con = database.connection(); var s = con.prepareStatement("SELECT sample_cut FROM broadcasts "
        + "WHERE id = ?")) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        rs.next();
        double d = rs.getDouble(1);
        return rs.wasNull() ? 1.0 : d;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read broadcast " + id + ": " + e.getMessage(), e);
    }
  }
}
