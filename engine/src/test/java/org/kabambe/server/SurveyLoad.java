package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kabambe.runtime.RuntimeTexts;
import org.kabambe.server.VaccineScript.Step;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.ussd.UssdSession;
import org.kabambe.ussd.UssdSessionCodec;
import org.kabambe.store.HopHistory;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * USSD load for the kill and outage tests: participants on their own threads taking the demo vaccine survey over
 * Africa's Talking again and again, each knowing the last screen the server acknowledged, the hop in flight and
 * how many answers the database must hold for it.
 */
final class SurveyLoad {
  private static final List<Step> STEPS = VaccineScript.STEPS;
  private static final String BUSY = RuntimeTexts.busy("en");
  private static final String RESUME_OFFER = "Continue where you left off";

  private final List<Participant> participants = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger acknowledged = new AtomicInteger();

  /**
   * {@code count} participants on {@code port}, phone numbers from {@code firstPhone} on. With {@code busyExpected}
   * a busy screen is not a failure: the participant dials again and continues wherever the server says it is.
   */
  SurveyLoad(int port, int count, String firstPhone, boolean busyExpected) {
    this(port, count, firstPhone, busyExpected, false);
  }

  /**
   * With {@code balanced} the port is a load balancer's, which outlives the nodes behind it: a hop answered with
   * a 5xx (the node died with the hop in flight) or not answered is a hop that may or may not have committed, as a
   * busy screen is; the participant dials again and continues wherever the server says it is.
   */
  SurveyLoad(int port, int count, String firstPhone, boolean busyExpected, boolean balanced) {
    var client = new UssdClient(port);
    long first = Long.parseLong(firstPhone.substring(1));
    for (int i = 0; i < count; i++) {
      var p = new Participant(i, "+" + (first + i), client, busyExpected, balanced);
      participants.add(p);
      Thread t = new Thread(() -> p.run(acknowledged), "participant-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  List<Participant> participants() {
    return participants;
  }

  /** Hops answered with the screen expected, over all participants. */
  int acknowledged() {
    return acknowledged.get();
  }

  /** Hops the balancer answered 5xx or not at all, over all participants. */
  int lost() {
    return participants.stream().mapToInt(p -> p.lost).sum();
  }

  /** Busy screens over all participants. */
  int busy() {
    return participants.stream().mapToInt(p -> p.busy).sum();
  }

  /** Waits until at least {@code hops} hops are acknowledged and {@code atLeastMs} have passed, or the child died. */
  void awaitAcknowledged(int hops, long atLeastMs, Process child) {
    long started = System.nanoTime();
    Eventually.within(Duration.ofSeconds(60), () -> System.nanoTime() - started
        >= TimeUnit.MILLISECONDS.toNanos(atLeastMs) && acknowledged.get() >= hops
        || !child.isAlive() || firstProblem().isPresent());
  }

  /** Asks every participant to stop after its next acknowledged hop and waits for them. */
  void stopAndJoin(long timeoutSeconds) throws InterruptedException {
    participants.forEach(p -> p.stop = true);
    join(timeoutSeconds);
  }

  /** Waits for every participant's thread to end (the server went away, or they were stopped). */
  void join(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      assertTrue(!t.isAlive(), t.getName() + " still running after " + timeoutSeconds + " s");
    }
  }

  /** The first participant's problem (an unexpected screen, no reply where one was due), if any. */
  Optional<String> firstProblem() {
    return participants.stream().filter(p -> p.problem != null).map(p -> "participant " + p.index + ": "
        + p.problem).findFirst();
  }

  /** One participant: its thread drives the survey, the test reads what it knows once the thread is done. */
  static final class Participant {
    final int index;
    final String phone;
    private final UssdClient client;
    private final boolean busyExpected;
    private final boolean balanced;
    /** The last hop answered with the screen expected: its gateway session, text and screen. */
    volatile int ackSession = -1;
    volatile String ackText = "";
    volatile String ackScreen = "";
    /** The survey step on screen after the last acknowledged hop; -1 with no survey open. */
    volatile int at = -1;
    /** The hop sent but not acknowledged (no reply, or a busy one): its session and text. */
    volatile boolean inFlight;
    volatile int flightSession = -1;
    volatile String flightText = "";
    volatile boolean flightSavesAnswer;
    /** The answers the database must hold for this number. */
    volatile int answers;
    volatile int busy;
    /** Hops a balancer answered with a 5xx, or not at all. */
    volatile int lost;
    /** Hops answered with the screen expected. */
    volatile int acks;
    /** Answers whose hop was answered busy yet committed (the server resumed one step on). */
    volatile int landedUnacknowledged;
    volatile long slowestNanos;
    volatile String problem;
    volatile boolean stop;
    private int session = -1;
    private final List<String> inputs = new ArrayList<>();
    // A hop was answered busy: it may have committed or not, until a screen shows where the server stands.
    private boolean uncertain;
    private boolean offered;

    Participant(int index, String phone, UssdClient client, boolean busyExpected, boolean balanced) {
      this.index = index;
      this.phone = phone;
      this.client = client;
      this.busyExpected = busyExpected;
      this.balanced = balanced;
    }

    String sessionId(int n) {
      return "s-" + index + "-" + n;
    }

    /** Hop after hop until stopped (after an acknowledged hop), the server goes away, or a wrong screen. */
    void run(AtomicInteger total) {
      try {
        while (!(stop && !uncertain && !offered)) {
          if (!hop(total)) return;
        }
      } catch (IOException e) {
        // The server was killed (or, where busy screens are expected, did not answer within the client's timeout).
        if (busyExpected) problem = "no reply to '" + flightText + "' of session " + flightSession + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private boolean hop(AtomicInteger total) throws IOException, InterruptedException {
      boolean dial = at < 0 && !offered || uncertain && !offered;
      if (dial) {
        session++;
        inputs.clear();
      } else {
        inputs.add(offered ? "1" : STEPS.get(at).answer());
      }
      String text = String.join("*", inputs);
      flightSession = session;
      flightText = text;
      flightSavesAnswer = !dial && !offered;
      inFlight = true;
      long sent = System.nanoTime();
      UssdClient.Reply r = balanced ? balancedHop(text) : client.africasTalking(sessionId(session), phone, text);
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - sent);
      boolean lostHop = r == null || r.status() >= 500;
      if (lostHop || r.ends() && r.screen().equals(BUSY)) {
        if (!lostHop && !busyExpected) return fail("busy screen for '" + text + "' of session " + session);
        if (lostHop) {
          lost++;
        } else {
          busy++;
        }
        uncertain = true;
        offered = false;
        Thread.sleep(100); // a person reads the screen before dialling again
        return true;
      }
      if (!settle(dial, r)) return false;
      inFlight = false;
      ackSession = session;
      ackText = text;
      ackScreen = r.screen();
      acks++;
      total.incrementAndGet();
      return true;
    }

    /** A hop through a balancer: null when it did not answer (a gateway's timeout). */
    private UssdClient.Reply balancedHop(String text) throws InterruptedException {
      try {
        return client.africasTalking(sessionId(session), phone, text);
      } catch (IOException e) {
        return null;
      }
    }

    /** Checks the reply against where the participant stands and moves on; false (with a problem) if it is wrong. */
    private boolean settle(boolean dial, UssdClient.Reply r) {
      String what = "'" + flightText + "' of session " + session + " (at step " + at + ")";
      if (dial && r.continues() && r.screen().contains(RESUME_OFFER)) {
        if (at < 0 && !uncertain) return fail("resume offered for " + what + " with no survey open: " + r);
        offered = true;
        return true;
      }
      Optional<Integer> shown = VaccineScript.stepShowing(r.screen());
      if (shown.isEmpty() || (STEPS.get(shown.get()).ends() ? !r.ends() : !r.continues())) {
        return fail("unexpected screen for " + what + ": " + r);
      }
      int j = shown.get();
      if (dial) {
        // Nothing open on the server: the survey had not started, or a busy last answer had committed and ended it.
        boolean lastAnswerCommitted = uncertain && at == STEPS.size() - 2;
        if (j != 0 || !(at < 0 || lastAnswerCommitted)) return fail("expected a resume offer for " + what + ": " + r);
        if (lastAnswerCommitted) {
          answers++;
          landedUnacknowledged++;
        }
      } else if (offered) {
        // Resumed where the server stands: where we were, or one step on if the busy hop had committed.
        if (!(j == at || uncertain && j == at + 1)) return fail("resumed at step " + j + " for " + what);
        if (j == at + 1 && STEPS.get(j).savesAnswer()) {
          answers++;
          landedUnacknowledged++;
        }
        offered = false;
      } else {
        if (j != at + 1) return fail("step " + j + " for " + what);
        answers++;
      }
      uncertain = false;
      at = STEPS.get(j).ends() ? -1 : j;
      return true;
    }

    private boolean fail(String why) {
      problem = why;
      return false;
    }

    /**
     * Checks what the database holds for this participant against what the server acknowledged (the hop in flight
     * may have committed too: then the state may be one hop ahead, never behind) and returns the survey step a
     * re-dial should resume at, empty when no survey is open.
     */
    Optional<Integer> checkStored(ConversationStore store, HopHistory records) {
      int stored = records.answersOf(phone).size();
      Optional<UssdSession> state = store.loadState(phone, "ussd").map(UssdSessionCodec::decode);
      String who = "participant " + index;
      boolean ahead = inFlight && state.isPresent() && state.get().gatewaySessionId().equals(sessionId(flightSession))
          && state.get().lastRawInput().equals(flightText);
      if (ahead) {
        assertEquals(answers + (flightSavesAnswer ? 1 : 0), stored, who + ": answers stored (the hop in flight "
            + "committed)");
        UssdSession s = state.get();
        boolean open = s.conversation().isPresent() && !s.conversation().get().ended();
        // The hop in flight showed a step (or offered to resume at the one on screen).
        return open ? VaccineScript.stepShowing(s.lastReply()).or(() -> at < 0 ? Optional.empty() : Optional.of(at))
            : Optional.empty();
      }
      assertEquals(answers, stored, who + ": answers stored for the acknowledged hops");
      if (ackSession < 0) {
        assertTrue(state.isEmpty(), who + " got no reply, yet a state is stored that is not the hop in flight");
        return Optional.empty();
      }
      assertTrue(state.isPresent(), who + ": no conversation state stored after an acknowledged hop");
      UssdSession s = state.get();
      assertEquals(sessionId(ackSession), s.gatewaySessionId(), who + ": stored session");
      assertEquals(ackText, s.lastRawInput(), who + ": stored last input");
      assertEquals(ackScreen, s.lastReply(), who + ": stored last screen");
      return at < 0 ? Optional.empty() : Optional.of(at);
    }
  }
}
