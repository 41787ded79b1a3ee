package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.VaccineScript.Step;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.DurableDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a serving process with SIGKILL in the middle of a USSD load and restarts it on the same database (an H2
 * file, or a PostgreSQL server with fsync on): every hop whose reply reached the gateway must be stored (its answer
 * and the conversation state), and each participant who dials again is offered to continue exactly where their
 * last acknowledged screen (or, if the hop in flight at the kill had committed, the screen that hop produced) left
 * them.
 */
@Tag("database")
class KillTest {
  private static final Logger log = LoggerFactory.getLogger(KillTest.class);
  private static final int PARTICIPANTS = 20;
  private static final List<Step> STEPS = VaccineScript.STEPS;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void acknowledgedHopsSurviveSigkillAndParticipantsResumeWhereTheyWere() throws Exception {
    try (var durable = DurableDatabase.in(dir)) {
      String db = durable.location();
      int port = UssdClient.freePort();
      Process child = ServerProcess.start(dir, "first", port, db, UssdClient.DEMO_FLOWS);
      var load = new SurveyLoad(port, PARTICIPANTS, "+254711000000", false);
      try {
        new UssdClient(port).awaitHealthy(Duration.ofSeconds(60), child);
        load.start();
        load.awaitAcknowledged(150, 2_000, child); // in the middle of the load
        assertTrue(child.isAlive(), "the server died on its own; see " + dir.resolve("serve-first.err"));
        assertTrue(load.firstProblem().isEmpty(), "before the kill: " + load.firstProblem().orElse(""));
        assertTrue(load.acknowledged() >= 150, "only " + load.acknowledged() + " hops answered in 60 s");
        child.destroyForcibly();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the killed server did not exit");
        load.join(20);
        assertTrue(load.firstProblem().isEmpty(), "before the kill: " + load.firstProblem().orElse(""));
        log.info("killed after {}", load.acknowledged() + " acknowledged hops, "
            + load.participants().stream().filter(p -> p.inFlight).count() + " in flight, on " + Database.shown(db));
      } finally {
        child.destroyForcibly().waitFor();
      }

      // (a) straight from the database: every acknowledged hop is there.
      var positions = new ArrayList<Optional<Integer>>();
      try (var database = Database.open(db)) {
        var store = new ConversationStore(database);
        var records = new HopHistory(database);
        for (SurveyLoad.Participant p : load.participants()) {
          positions.add(p.checkStored(store, records));
        }
      }
      log.info("every acknowledged answer stored: {} answers of {} participants checked",
          load.participants().stream().mapToInt(p -> p.answers).sum(), PARTICIPANTS);

      // (b) a second server on the same database: a re-dial offers to continue, and continuing shows that screen.
      int port2 = UssdClient.freePort();
      try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", port2, UssdClient.DEMO_FLOWS, db,
          Optional.empty()))) {
        var client = new UssdClient(port2);
        for (SurveyLoad.Participant p : load.participants()) {
          Optional<Integer> at = positions.get(p.index);
          String session = "redial-" + p.index;
          var first = client.africasTalking(session, p.phone, "");
          if (at.isEmpty()) {
            assertTrue(first.continues() && first.screen().contains(STEPS.get(0).marker()),
                "participant " + p.index + " had no open conversation, so a re-dial starts afresh: " + first);
            continue;
          }
          assertTrue(first.continues() && first.screen().contains("Continue where you left off"),
              "participant " + p.index + " should be offered to resume: " + first);
          var resumed = client.africasTalking(session, p.phone, "1");
          String marker = STEPS.get(at.get()).marker();
          assertTrue(resumed.continues() && resumed.screen().contains(marker),
              "participant " + p.index + " should resume at '" + marker + "': " + resumed);
        }
      }
    }
  }
}
