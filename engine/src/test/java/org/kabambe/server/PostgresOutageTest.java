package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.PostgresLink;
import org.kabambe.testing.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL goes away under a USSD load while {@code kabambe serve} keeps running: killed as a crash would, or cut
 * off by the network right after a commit of the writer landed. Meanwhile every hop gets the polite busy screen in
 * good time (no error status, no hang past a gateway's timeout); no acknowledged answer is lost and none is stored
 * twice; and once PostgreSQL is back the same server serves again.
 */
class PostgresOutageTest {
  private static final Logger log = LoggerFactory.getLogger(PostgresOutageTest.class);
  private static final int PARTICIPANTS = 20;
  /** Africa's Talking waits 15 s for an answer; the client gives up after 10 s, which the driver reports. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  /** A change to the database server the test makes; may block. */
  private interface Step {
    void run() throws Exception;
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void hopsAreRefusedPolitelyWhilePostgresqlIsDownAndServedAgainWhenItReturns() throws Exception {
    PostgresServer postgres = PostgresServer.startDurable();
    try {
      // pg_ctl start waits out PostgreSQL's crash recovery: seconds on a busy machine, hops refused meanwhile.
      outage(postgres.newDatabase(), "crash", postgres::crash, postgres::restart);
    } finally {
      postgres.stop();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aCommitWhoseAnswerWasLostIsNeitherLostNorRepeated() throws Exception {
    PostgresServer postgres = PostgresServer.startDurable();
    try (var link = PostgresLink.to(postgres, "writer_journal")) { // only the writer's connection sends that
      SurveyLoad load = outage(link.url(postgres.newDatabase()), "cut",
          () -> link.cutAtNextCommit().get(30, TimeUnit.SECONDS), link::restore);
      // The hops of the batch whose commit landed were answered busy; their participants were resumed one step
      // on, and are not asked that question again (a repeated answer fails the count in checkStored).
      assertTrue(load.participants().stream().mapToInt(p -> p.landedUnacknowledged).sum() >= 1,
          "no participant found a busy answer stored");
    } finally {
      postgres.stop();
    }
  }

  /**
   * Runs the load on a server on {@code db}, takes the database away with {@code goDown} for 3 s at least, brings
   * it back with {@code comeBack}, and checks what the participants saw and what is stored.
   */
  private SurveyLoad outage(String db, String name, Step goDown, Step comeBack) throws Exception {
    int port = UssdClient.freePort();
    Process child = ServerProcess.start(dir, name, port, db, UssdClient.DEMO_FLOWS);
    var load = new SurveyLoad(port, PARTICIPANTS, "+254712000000", true);
    try {
      new UssdClient(port).awaitHealthy(Duration.ofSeconds(60), child);
      load.start();
      load.awaitAcknowledged(150, 2_000, child);
      assertTrue(load.firstProblem().isEmpty(), () -> "before the outage: " + load.firstProblem().get());
      assertTrue(load.acknowledged() >= 150, "only " + load.acknowledged() + " hops answered before the outage");
      int beforeOutage = load.acknowledged();

      goDown.run();
      long down = System.nanoTime();
      Eventually.until("busy screens while PostgreSQL is away", Duration.ofSeconds(30),
          () -> load.busy() >= PARTICIPANTS || load.firstProblem().isPresent());
      while (System.nanoTime() - down < TimeUnit.SECONDS.toNanos(3)) {
        Thread.sleep(50); // away for 3 s at least: several rounds of attempts to connect again
      }
      assertTrue(load.firstProblem().isEmpty(), () -> "while PostgreSQL was away: " + load.firstProblem().get()
          + serverLog(name));
      int ackedWhileDown = load.acknowledged();

      comeBack.run();
      long back = System.nanoTime();
      int busy = load.busy();
      int[] acksAtReturn = load.participants().stream().mapToInt(p -> p.acks).toArray();
      Eventually.until("a screen after PostgreSQL returned", Duration.ofSeconds(30),
          () -> load.firstProblem().isPresent() || load.acknowledged() > ackedWhileDown);
      long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
      Eventually.until("a screen for every participant after PostgreSQL returned", Duration.ofSeconds(30),
          () -> load.firstProblem().isPresent() || load.participants().stream()
              .allMatch(p -> p.acks > acksAtReturn[p.index]));
      long everyoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
      assertTrue(load.firstProblem().isEmpty(), () -> "after PostgreSQL returned: " + load.firstProblem().get()
          + serverLog(name));
      int atRecovery = load.acknowledged();
      Eventually.until("100 more hops served", Duration.ofSeconds(30),
          () -> load.acknowledged() >= atRecovery + 100 || load.firstProblem().isPresent());
      load.stopAndJoin(30);
      assertTrue(load.firstProblem().isEmpty(), () -> load.firstProblem().get() + serverLog(name));
      assertTrue(child.isAlive(), "the server died; see " + dir.resolve("serve-" + name + ".err"));
      long slowestMs = load.participants().stream().mapToLong(p -> p.slowestNanos).max().orElse(0) / 1_000_000;
      assertTrue(slowestMs < ANSWER_WITHIN.toMillis(), "slowest answer " + slowestMs + " ms");
      log.info("{}: PostgreSQL away {} ms; {} hops acknowledged before, {} busy screens meanwhile; the first screen "
              + "{} ms and one for every participant {} ms after it returned; {} hops acknowledged in all, the "
              + "slowest answer {} ms", name, TimeUnit.NANOSECONDS.toMillis(back - down), beforeOutage, busy,
          firstMs, everyoneMs, load.acknowledged(), slowestMs);
    } finally {
      child.destroyForcibly().waitFor();
    }

    // Every acknowledged answer stored, once; each conversation state is the last screen acknowledged.
    try (var database = Database.open(db)) {
      var store = new ConversationStore(database);
      var records = new HopHistory(database);
      for (SurveyLoad.Participant p : load.participants()) {
        p.checkStored(store, records);
      }
    }
    log.info("{}: every acknowledged answer stored once: {} answers of {} participants checked, {} of them stored "
            + "though their hop was answered busy", name, load.participants().stream().mapToInt(p -> p.answers).sum(),
        PARTICIPANTS, load.participants().stream().mapToInt(p -> p.landedUnacknowledged).sum());
    return load;
  }

  /** The end of the server's log, for a failure's message. */
  private String serverLog(String name) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("serve-" + name + ".err"));
      return "\nthe server's log ends:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
          lines.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
