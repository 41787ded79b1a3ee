package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.VaccineScript.Step;
import org.kabambe.session.UssdSession;
import org.kabambe.session.UssdSessionCodec;
import org.kabambe.session.ConversationStore;
import org.kabambe.store.Database;
import org.kabambe.store.HopRecords;

/**
 * Kills a serving process with SIGKILL in the middle of a USSD load and restarts it on the same H2 file: every
 * hop whose reply reached the gateway must be on disk (its answer and the conversation state), and each participant
 * who dials again is offered to continue exactly where their last acknowledged screen (or, if the hop in flight
 * at the kill had committed, the screen that hop produced) left them.
 */
class KillTest {
  private static final int PARTICIPANTS = 20;
  private static final List<Step> STEPS = VaccineScript.STEPS;

  @TempDir
  Path dir;

  /** What one participant's driver thread knows: the last hop answered and the hop sent but not answered. */
  static final class Participant {
    final int index;
    final String phone;
    volatile int ackSession = -1;
    volatile int ackStep = -1;
    volatile String ackScreen = "";
    volatile int flightSession = -1;
    volatile int flightStep = -1;
    volatile int answersAcknowledged;
    volatile String problem;

    Participant(int index) {
      this.index = index;
      this.phone = String.format("+2547110%05d", index);
    }

    String sessionId(int n) {
      return "kill-" + index + "-" + n;
    }

    boolean inFlight() {
      return flightStep >= 0 && (flightSession != ackSession || flightStep != ackStep);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void acknowledgedHopsSurviveSigkillAndParticipantsResumeWhereTheyWere() throws Exception {
    String db = dir.resolve("data/kabambe").toString();
    int port = UssdClient.freePort();
    long t0 = System.nanoTime();
    Process child = ServerProcess.start(dir, "first", port, db, UssdClient.DEMO_FLOWS);
    var participants = new ArrayList<Participant>();
    try {
      var client = new UssdClient(port);
      client.awaitHealthy(Duration.ofSeconds(60), child);
      System.out.printf("child server healthy after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

      var acknowledged = new AtomicInteger();
      var threads = new ArrayList<Thread>();
      for (int i = 0; i < PARTICIPANTS; i++) {
        var p = new Participant(i);
        participants.add(p);
        Thread t = new Thread(() -> drive(client, p, acknowledged), "participant-" + i);
        t.setDaemon(true);
        threads.add(t);
      }
      long loadStarted = System.nanoTime();
      threads.forEach(Thread::start);
      // In the middle of the load: at least two seconds in and 150 hops acknowledged.
      long deadline = loadStarted + TimeUnit.SECONDS.toNanos(60);
      while ((System.nanoTime() - loadStarted < TimeUnit.SECONDS.toNanos(2) || acknowledged.get() < 150)
          && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(child.isAlive(), "the server died on its own; see " + dir.resolve("serve-first.err"));
      assertTrue(acknowledged.get() >= 150, "only " + acknowledged.get() + " hops answered in 60 s");
      child.destroyForcibly();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the killed server did not exit");
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(!t.isAlive(), t.getName() + " still running after the kill");
      }
      for (Participant p : participants) {
        assertEquals(null, p.problem, "participant " + p.index + " got an unexpected screen before the kill");
      }
      System.out.printf("killed %d ms into the load after %d acknowledged hops; %d hops in flight%n",
          (System.nanoTime() - loadStarted) / 1_000_000, acknowledged.get(),
          participants.stream().filter(Participant::inFlight).count());
    } finally {
      child.destroyForcibly().waitFor();
    }

    // (a) straight from the file: every acknowledged hop is there.
    var positions = new ArrayList<Optional<int[]>>();
    try (var database = Database.open(db)) {
      var store = new ConversationStore(database);
      var records = new HopRecords(database);
      for (Participant p : participants) {
        positions.add(checkStored(p, store, records));
      }
    }

    // (b) a second server on the same file: a re-dial offers to continue, and continuing shows that screen.
    int port2 = UssdClient.freePort();
    try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", port2, UssdClient.DEMO_FLOWS, db,
        Optional.empty()))) {
      var client = new UssdClient(port2);
      for (Participant p : participants) {
        Optional<int[]> at = positions.get(p.index);
        String session = "redial-" + p.index;
        var first = client.africasTalking(session, p.phone, "");
        if (at.isEmpty() || STEPS.get(at.get()[1]).ends()) {
          assertTrue(first.continues() && first.screen().contains(STEPS.get(0).marker()),
              "participant " + p.index + " had no open conversation, so a re-dial starts afresh: " + first);
          continue;
        }
        assertTrue(first.continues() && first.screen().contains("Continue where you left off"),
            "participant " + p.index + " should be offered to resume: " + first);
        var resumed = client.africasTalking(session, p.phone, "1");
        String marker = STEPS.get(at.get()[1]).marker();
        assertTrue(resumed.continues() && resumed.screen().contains(marker),
            "participant " + p.index + " should resume at '" + marker + "': " + resumed);
      }
    }
  }

  /**
   * Checks what the file holds for {@code p} and returns where the participant stands: {session, step} of the
   * last hop on disk, empty when nothing is.
   */
  private static Optional<int[]> checkStored(Participant p, ConversationStore store, HopRecords records) {
    int answers = records.answersOf(p.phone).size();
    Optional<UssdSession> state = store.loadState(p.phone, "ussd").map(UssdSessionCodec::decode);
    String who = "participant " + p.index;
    boolean ahead = p.inFlight() && state.isPresent()
        && state.get().gatewaySessionId().equals(p.sessionId(p.flightSession))
        && state.get().lastRawInput().equals(STEPS.get(p.flightStep).text());
    if (ahead) {
      // The hop in flight committed but its reply never left: the state may be one hop ahead, never behind.
      int expected = p.answersAcknowledged + (STEPS.get(p.flightStep).savesAnswer() ? 1 : 0);
      assertEquals(expected, answers, who + ": answers on disk (the hop in flight committed)");
      return Optional.of(new int[] {p.flightSession, p.flightStep});
    }
    assertEquals(p.answersAcknowledged, answers, who + ": answers on disk for the acknowledged hops");
    if (p.ackStep < 0) {
      assertTrue(state.isEmpty(), who + " got no reply, yet a state is stored that is not the hop in flight");
      return Optional.empty();
    }
    assertTrue(state.isPresent(), who + ": no conversation state on disk after an acknowledged hop");
    UssdSession s = state.get();
    assertEquals(p.sessionId(p.ackSession), s.gatewaySessionId(), who + ": stored session");
    assertEquals(STEPS.get(p.ackStep).text(), s.lastRawInput(), who + ": stored last input");
    assertEquals(p.ackScreen, s.lastReply(), who + ": stored last screen");
    return Optional.of(new int[] {p.ackSession, p.ackStep});
  }

  /** Runs survey after survey until the server goes away; stops at the first unexpected screen. */
  private static void drive(UssdClient client, Participant p, AtomicInteger acknowledged) {
    for (int n = 0; ; n++) {
      for (int i = 0; i < STEPS.size(); i++) {
        Step step = STEPS.get(i);
        p.flightSession = n;
        p.flightStep = i;
        UssdClient.Reply r;
        try {
          r = client.africasTalking(p.sessionId(n), p.phone, step.text());
        } catch (IOException | InterruptedException e) {
          return; // the server was killed
        }
        boolean shape = step.ends() ? r.ends() : r.continues();
        if (!shape || !r.screen().contains(step.marker())) {
          p.problem = "step " + i + " of session " + n + " expected '" + step.marker() + "' but got " + r;
          return;
        }
        if (step.savesAnswer()) p.answersAcknowledged++;
        p.ackScreen = r.screen();
        p.ackSession = n;
        p.ackStep = i;
        acknowledged.incrementAndGet();
      }
    }
  }
}
