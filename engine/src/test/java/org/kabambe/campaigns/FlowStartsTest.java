package org.kabambe.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.testing.Sql.count;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.store.Database;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopSink;
import org.kabambe.store.HopWrite;
import org.kabambe.store.OutboxRow;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * Recorded flow starts against a real H2 file and the real group-commit writer: the start's hop (a first SMS)
 * settles its row in the same transaction, so a start is made once however often it is handed out.
 */
@Tag("database")
class FlowStartsTest {
  static final Catalog CATALOG = CatalogLoader.structureOnly().load(List.of(Path.of("../flows")));
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));

  static void record(Database db, int n, String flow) throws Exception {
    try (var c = db.connection(); var s = FlowStarts.prepare(c)) {
      c.setAutoCommit(false);
      for (int i = 0; i < n; i++) FlowStarts.record(s, String.format("+2547%08d", i), flow, "broadcast:1",
          Instant.parse("2026-03-02T10:00:00Z"));
      s.executeBatch();
      c.commit();
    }
  }

  /** What SmsService#startFlow writes, reduced to the part that matters here: one SMS and the settled row. */
  static CompletableFuture<Void> firstSms(HopSink w, long id, String phone, Instant at) {
    return w.submit(new HopWrite(Optional.empty(), List.of(), List.of(), List.of(new OutboxRow(phone, "first screen",
        at))).settling(new HopWrite.FlowStartDone(id, true, null, at)));
  }

  @Test
  void everyPendingStartIsMadeOnceAndAStartMadeAlreadyCannotBeMadeAgain(@TempDir Path dir) throws Exception {
    var pool = Executors.newFixedThreadPool(2);
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      record(db, 600, "climate"); // more than the in-flight limit: drained in waves as starts finish
      var starts = new FlowStarts(db, () -> CATALOG, clock, (id, phone, flow, origin) -> firstSms(w, id, phone,
          clock.instant()), pool);
      starts.wake();
      Eventually.until("600 starts", Duration.ofSeconds(20),
          () -> count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'started'") == 600);
      assertEquals(600, count(db, "SELECT COUNT(*) FROM outbox"));
      assertEquals(600, count(db, "SELECT COUNT(DISTINCT phone) FROM outbox"));

      // Handed out again (a second dispatcher, a start whose answer was lost): the hop fails and writes nothing.
      var again = assertThrows(ExecutionException.class, () -> firstSms(w, 1, "+254700000000", clock.instant())
          .get(5, TimeUnit.SECONDS));
      assertTrue(again.getCause().getMessage().contains("no longer pending"), again.getCause().getMessage());
      assertEquals(600, count(db, "SELECT COUNT(*) FROM outbox"), "its SMS was rolled back with it");
      assertEquals(0, starts.retryNow(), "nothing is pending: nothing may be handed out");
      assertEquals(0, starts.running());
      assertEquals(600, count(db, "SELECT COUNT(*) FROM outbox"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedStartStaysPendingUntilRetriedAndAMissingFlowIsSkippedWithItsReason(@TempDir Path dir)
      throws Exception {
    var pool = Executors.newFixedThreadPool(2);
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      record(db, 3, "climate");
      record(db, 1, "no-such-flow");
      var attempts = new AtomicInteger();
      var starts = new FlowStarts(db, () -> CATALOG, clock, (id, phone, flow, origin) -> attempts.incrementAndGet() == 1
          ? CompletableFuture.failedFuture(new IllegalStateException("writer overloaded"))
          : firstSms(w, id, phone, clock.instant()), pool);
      starts.wake();
      Eventually.until("two of three", Duration.ofSeconds(10),
          () -> count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'started'") == 2);
      assertEquals(1, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'skipped' AND detail = "
          + "'no flow ''no-such-flow'' is loaded'"));
      Eventually.until("the failed start to finish", Duration.ofSeconds(5), () -> starts.running() == 0);
      assertEquals(1, count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'pending'"), "kept for a retry");
      starts.retry();
      Eventually.until("the retried start", Duration.ofSeconds(10),
          () -> count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'started'") == 3);
      assertEquals(3, count(db, "SELECT COUNT(*) FROM outbox"));
      assertEquals(4, attempts.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The server calls retry() on an event-loop timer: it must never wait for a drain's JDBC to finish. */
  @Test
  void retryNeverWaitsForADrainInProgress(@TempDir Path dir) throws Exception {
    var pool = Executors.newFixedThreadPool(2);
    var inDrain = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    try (Database db = TestDatabases.open(dir); var w = GroupCommitWriter.start(db)) {
      record(db, 1, "climate");
      var starts = new FlowStarts(db, () -> {
        inDrain.countDown(); // read inside drain(), as a slow query or flush would hold it
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return CATALOG;
      }, clock, (id, phone, flow, origin) -> firstSms(w, id, phone, clock.instant()), pool);
      starts.wake();
      assertTrue(inDrain.await(10, TimeUnit.SECONDS));
      long t0 = System.nanoTime();
      starts.retry();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      release.countDown();
      assertTrue(ms < 1_000, "retry() waited " + ms + " ms for the drain");
      Eventually.until("the start", Duration.ofSeconds(10),
          () -> count(db, "SELECT COUNT(*) FROM flow_starts WHERE status = 'started'") == 1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
