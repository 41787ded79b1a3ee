package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.runtime.Channel;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.conversation.SampleConversations;
import org.kabambe.testing.TestDatabases;

@Tag("database")
class GroupCommitWriterTest {
  @TempDir
  Path dir;

  @Test
  void tenThousandHopsFromSeveralThreadsAreEachCommittedBeforeTheirFutureCompletes() throws Exception {
    int threads = 4;
    int perThread = 2_500;
    var batches = new AtomicInteger();
    var metrics = new CountingMetrics(batches);
    try (var db = TestDatabases.open(dir);
         var writer = GroupCommitWriter.start(db, new GroupCommitWriter.Settings(256, 20_000), metrics);
         var reader = db.connection();
         var check = reader.prepareStatement("SELECT COUNT(*) FROM conversations WHERE phone = ?")) {
      Set<Integer> seenBeforeCommit = ConcurrentHashMap.newKeySet();
      var futures = new java.util.concurrent.ConcurrentLinkedQueue<CompletableFuture<Void>>();
      var submitters = new ArrayList<Thread>();
      for (int t = 0; t < threads; t++) {
        int first = t * perThread;
        var thread = new Thread(() -> {
          for (int i = first; i < first + perThread; i++) {
            int id = i;
            futures.add(writer.submit(Hops.typical(id)).thenRun(() -> {
              // Runs on completion: another connection must already see the row.
              synchronized (check) {
                try {
                  check.setString(1, Hops.phone(id));
                  try (var rs = check.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 1) {
                      seenBeforeCommit.add(id);
                    }
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            }));
          }
        });
        submitters.add(thread);
        thread.start();
      }
      for (Thread thread : submitters) {
        thread.join();
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertEquals(Set.of(), seenBeforeCommit);
      var records = new HopHistory(db);
      assertEquals(10_000, records.count("conversations"));
      assertEquals(10_000, records.count("answers"));
      assertEquals(20_000, records.count("events"));
      assertTrue(batches.get() < 10_000, "hops were grouped: " + batches.get() + " batches");
      assertEquals(10_000, metrics.hops.get());
    }
  }

  @Test
  void aPoisonRowFailsOnlyItsOwnHop() throws Exception {
    var release = new CountDownLatch(1);
    var holdFirstBatch = new HoldingMetrics(release);
    try (var db = TestDatabases.open(dir);
         var writer = GroupCommitWriter.start(db, GroupCommitWriter.Settings.DEFAULT, holdFirstBatch)) {
      // The writer waits after its first batch, so the next hops land in one batch together.
      writer.submit(Hops.typical(0));
      holdFirstBatch.holding.await(10, TimeUnit.SECONDS);
      var good = new ArrayList<CompletableFuture<Void>>();
      for (int i = 1; i <= 20; i++) {
        good.add(writer.submit(Hops.typical(i)));
      }
      var bad = writer.submit(Hops.poison(21));
      good.add(writer.submit(Hops.typical(22)));
      release.countDown();
      CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      var e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> bad.get(10, TimeUnit.SECONDS));
      assertInstanceOf(StoreException.class, e.getCause());
      var records = new HopHistory(db);
      assertEquals(22, records.count("conversations"));
      assertTrue(records.answersOf(Hops.phone(21)).isEmpty(), "the poison hop's other rows were rolled back");
      assertEquals(1, records.answersOf(Hops.phone(22)).size());
      assertEquals(1, holdFirstBatch.failedBatches.get(), "the good hops were written together, then one by one");
    }
  }

  @Test
  void aFullQueueRefusesAtOnceInsteadOfGrowing() throws Exception {
    var release = new CountDownLatch(1);
    var holdFirstBatch = new HoldingMetrics(release);
    try (var db = TestDatabases.open();
         var writer = GroupCommitWriter.start(db, new GroupCommitWriter.Settings(16, 10), holdFirstBatch)) {
      var held = writer.submit(Hops.typical(0));
      holdFirstBatch.holding.await(10, TimeUnit.SECONDS);
      var queued = new ArrayList<CompletableFuture<Void>>();
      for (int i = 1; i <= 10; i++) {
        queued.add(writer.submit(Hops.typical(i)));
      }
      var refused = writer.submit(Hops.typical(11));
      var e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get);
      assertInstanceOf(WriterOverloadedException.class, e.getCause());
      release.countDown();
      held.get(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void closeWritesEverythingQueuedAndCommittedHopsSurviveReopening() throws Exception {
    String location = TestDatabases.location(dir);
    var futures = new ArrayList<CompletableFuture<Void>>();
    try (var db = Database.open(location)) {
      var writer = GroupCommitWriter.start(db);
      for (int i = 0; i < 2_000; i++) {
        futures.add(writer.submit(Hops.typical(i)));
      }
      writer.close();
      futures.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally()));
      assertTrue(writer.submit(Hops.typical(9_999)).isCompletedExceptionally(), "a closed writer refuses hops");
    }
    try (var db = Database.open(location)) {
      assertEquals(2_000, new HopHistory(db).count("conversations"));
      var loaded = new ConversationStore(db).load(Hops.phone(7), Channel.USSD).orElseThrow();
      assertEquals(SampleConversations.typical(Hops.phone(7)), loaded);
      assertTrue(new ConversationStore(db).load(Hops.phone(7), Channel.SMS).isEmpty());
    }
  }

  @Test
  void answersEventsAndOutboxRowsReadBackAsWritten() throws Exception {
    try (var db = TestDatabases.open(); var writer = GroupCommitWriter.start(db)) {
      HopWrite hop = Hops.typical(5);
      var sms = new OutboxRow(Hops.phone(5), "Asante! Tutakutumia ujumbe 🙂", hop.events().get(0).at());
      writer.submit(new HopWrite(hop.conversation(), hop.answers(), hop.events(), List.of(sms))).get(5,
          TimeUnit.SECONDS);
      var records = new HopHistory(db);
      assertEquals(hop.answers(), records.answersOf(Hops.phone(5)));
      assertEquals("27", AnswerRow.of("s", "p", "ussd", "f", "h", "n", "age", 27.0, sms.createdAt()).valueText());
      assertEquals(hop.events(), records.eventsOf(Hops.phone(5)));
      assertEquals(hop.events(), records.eventsOfFlow("register", hop.events().get(0).at(),
          hop.events().get(0).at().plusSeconds(1)));
      assertEquals(List.of(sms), records.outboxOf(Hops.phone(5)));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Holds the writer thread after its first commit until released, so tests can line hops up behind it. */
  private static final class HoldingMetrics implements WriterMetrics {
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release;
    final AtomicInteger failedBatches = new AtomicInteger();

    HoldingMetrics(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public void batchCommitted(int hopCount, int rows, long nanos) {
      if (holding.getCount() > 0) {
        holding.countDown();
        await(release);
      }
    }

    @Override
    public void batchFailed(int hopCount, Throwable cause) {
      failedBatches.incrementAndGet();
    }

    @Override
    public void hopFailed(Throwable cause) {}

    @Override
    public void hopRejected() {}
  }

  /** Counts what the writer reports. */
  private static final class CountingMetrics implements WriterMetrics {
    final AtomicInteger batches;
    final AtomicInteger hops = new AtomicInteger();

    CountingMetrics(AtomicInteger batches) {
      this.batches = batches;
    }

    @Override
    public void batchCommitted(int hopCount, int rows, long nanos) {
      batches.incrementAndGet();
      hops.addAndGet(hopCount);
    }

    @Override
    public void batchFailed(int hopCount, Throwable cause) {}

    @Override
    public void hopFailed(Throwable cause) {}

    @Override
    public void hopRejected() {}
  }
}
