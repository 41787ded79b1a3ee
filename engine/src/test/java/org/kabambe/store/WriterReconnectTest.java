package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kabambe.testing.PostgresServer;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * The group-commit writer on a PostgreSQL server that is killed and started again: the hops waiting meanwhile fail
 * together and soon (not one pool timeout each), and the same writer writes again once the server is back.
 */
class WriterReconnectTest {
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void hopsFailTogetherWhileTheServerIsDownAndTheWriterWritesAgainWhenItReturns() throws Exception {
    PostgresServer postgres = PostgresServer.startDurable();
    try (var db = Database.open(postgres.newDatabase());
         var writer = GroupCommitWriter.start(db)) {
      writer.submit(Hops.typical(1)).get(10, TimeUnit.SECONDS);
      postgres.crash();

      long started = System.nanoTime();
      var waiting = new ArrayList<CompletableFuture<Void>>();
      for (int i = 0; i < 200; i++) {
        waiting.add(writer.submit(Hops.typical(100 + i)));
      }
      for (var hop : waiting) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> hop.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StoreException, String.valueOf(e.getCause()));
      }
      long failedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      // One pool timeout (5 s) at most, then the writer waits a second between attempts and fails hops at once.
      assertTrue(failedMs < 8_000, "200 hops took " + failedMs + " ms to fail");
      assertTrue(writer.failing(), "the writer says it is failing");

      postgres.restart();
      // The same writer, on a fresh connection. The first attempt may still draw a pooled connection the crash
      // broke (it fails like a hop during the outage); within a few seconds one gets through.
      Throwable[] refused = {null};
      boolean written = Eventually.within(Duration.ofSeconds(20), () -> {
        try {
          writer.submit(Hops.typical(2)).get(20, TimeUnit.SECONDS);
          return true;
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof StoreException, String.valueOf(e.getCause()));
          refused[0] = e.getCause();
          return false;
        }
      });
      assertTrue(written, "no write got through 20 s after the restart: " + refused[0]);
      assertFalse(writer.failing(), "the writer writes again");
      var records = new HopHistory(db);
      assertEquals(2, records.count("conversations"), "the hops before and after the outage, none of those refused");
    } finally {
      postgres.stop();
    }
  }
}
