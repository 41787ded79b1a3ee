package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.store.ConversationVersionsTest.hop;
import static org.kabambe.store.ConversationVersionsTest.values;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.kabambe.testing.PostgresServer;

/**
 * Two writers (two nodes) on one PostgreSQL database, both writing every number from the same read version at
 * once: for each number exactly one hop wins and the other writes nothing. PostgreSQL only: an H2 file admits one
 * writer.
 */
class TwoWritersOnePostgresTest {
  private static final int NUMBERS = 300;

  @Test
  void racingOnOneVersionExactlyOneHopOfEachNumberIsWritten() throws Exception {
    PostgresServer.assumeAvailable();
    String url = PostgresServer.shared().newDatabase();
    try (var nodeA = Database.open(url); var nodeB = Database.open(url);
         var a = GroupCommitWriter.start(nodeA); var b = GroupCommitWriter.start(nodeB)) {
      var setup = new ArrayList<CompletableFuture<Void>>();
      for (int i = 0; i < NUMBERS; i++) setup.add(a.submit(hop(phone(i), "init", ConversationRow.ABSENT, 1)));
      CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      // Both read version 1 of every number; both write.
      race(i -> a.submit(hop(phone(i), "A", 1, 2)), i -> b.submit(hop(phone(i), "B", 1, 2)),
          (i, winner) -> assertEquals(List.of("init", winner), values(new HopHistory(nodeA), phone(i)), phone(i)));
      // Both saw no row for a new number; both insert.
      race(i -> a.submit(hop(phone(NUMBERS + i), "A", ConversationRow.ABSENT, 10)),
          i -> b.submit(hop(phone(NUMBERS + i), "B", ConversationRow.ABSENT, 20)),
          (i, winner) -> assertEquals(List.of(winner), values(new HopHistory(nodeA), phone(NUMBERS + i))));
    }
  }

  private interface Check {
    void winner(int i, String who) throws Exception;
  }

  private static void race(IntFunction<CompletableFuture<Void>> onA, IntFunction<CompletableFuture<Void>> onB,
                           Check check) throws Exception {
    var go = new CountDownLatch(1);
    var fromA = new ArrayList<CompletableFuture<Void>>();
    var fromB = new ArrayList<CompletableFuture<Void>>();
    Thread ta = new Thread(() -> submitAll(go, onA, fromA));
    Thread tb = new Thread(() -> submitAll(go, onB, fromB));
    ta.start();
    tb.start();
    go.countDown();
    ta.join();
    tb.join();
    for (int i = 0; i < NUMBERS; i++) {
      boolean aWon = settled(fromA.get(i));
      boolean bWon = settled(fromB.get(i));
      assertTrue(aWon ^ bWon, "exactly one hop of number " + i + " is written: A " + aWon + ", B " + bWon);
      check.winner(i, aWon ? "A" : "B");
    }
  }

  private static void submitAll(CountDownLatch go, IntFunction<CompletableFuture<Void>> submit,
                                List<CompletableFuture<Void>> into) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < NUMBERS; i++) into.add(submit.apply(i));
  }

  /** True if written; false if refused because the conversation moved on; any other failure fails the test. */
  private static boolean settled(CompletableFuture<Void> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException e) {
      assertInstanceOf(ConversationMovedException.class, e.getCause());
      return false;
    } catch (InterruptedException | java.util.concurrent.TimeoutException | CompletionException e) {
      throw new AssertionError(e);
    }
  }

  private static String phone(int i) {
    return Hops.phone(i);
  }
}
