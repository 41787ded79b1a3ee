package org.kabambe.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long MS = 1_000_000L;

  @Test
  void withABurstOfOneTokensAreEvenlySpaced() {
    var ticker = new FakeTicker();
    var bucket = new TokenBucket(50, 1, ticker);
    assertEquals(0, bucket.reserve());
    assertEquals(20 * MS, bucket.reserve());
    assertEquals(40 * MS, bucket.reserve());
    ticker.advance(60 * MS);
    assertEquals(0, bucket.reserve(), "caught up");
    ticker.advance(5 * MS);
    assertEquals(15 * MS, bucket.reserve());
  }

  @Test
  void anIdleBucketStoresNoMoreThanItsBurst() {
    var ticker = new FakeTicker();
    var bucket = new TokenBucket(10, 3, ticker);
    ticker.advance(10_000 * MS);
    assertEquals(0, bucket.reserve());
    assertEquals(0, bucket.reserve());
    assertEquals(0, bucket.reserve());
    assertEquals(100 * MS, bucket.reserve());
  }

  @Test
  void acquiringAThousandTokensTakesTheirTimeAtTheRate() throws InterruptedException {
    var ticker = new FakeTicker();
    var bucket = new TokenBucket(150, 1, ticker);
    long start = ticker.nanoTime();
    for (int i = 0; i < 1000; i++) {
      bucket.acquire();
    }
    double seconds = (ticker.nanoTime() - start) / 1e9;
    assertEquals(999 / 150.0, seconds, 0.001);
  }

  @Test
  void aLateWakeUpWhileBackloggedIsMadeUpNotLost() {
    var ticker = new FakeTicker();
    var bucket = new TokenBucket(1000, 1, ticker); // a token a millisecond
    assertEquals(0, bucket.reserve());
    assertEquals(MS, bucket.reserve());
    ticker.advance(3 * MS); // the sleep overshot by 2 ms
    assertEquals(0, bucket.reserve(), "slot 2 (at 2 ms) is late");
    assertEquals(0, bucket.reserve(), "slot 3 (at 3 ms) is due");
    assertEquals(MS, bucket.reserve(), "slot 4 keeps the schedule");
  }

  @Test
  void refusesANonPositiveRate() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, new FakeTicker()));
  }
}
