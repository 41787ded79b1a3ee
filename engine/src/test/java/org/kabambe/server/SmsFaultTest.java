package org.kabambe.server;

import org.kabambe.testing.Eventually;
import org.kabambe.testing.Sql;
import org.kabambe.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.smpp.ReceivedMessage;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.outbox.OutboxSender;
import org.kabambe.testing.TestDatabases;

/**
 * SMSC faults end to end: the real server (USSD over HTTP queues one SMS per dial through the flow's {@code sms}
 * action into the durable outbox) sends through a real SMPP bind to the simulator, which misbehaves. Whatever
 * happens, each outbox row must end delivered (and received exactly once by the SMSC) or failed with a reason (and
 * received at most once): never sent twice, never left hanging, never silently lost.
 */
@Tag("database")
class SmsFaultTest {
  static final String TEXT = "Your clinic visit is booked. Bring the child's card.";
  static final String FLOW = """
      flow: notify
      title: Notify
      languages: [en]
      start: done
      triggers: {ussd: ["*384*12#"]}
      nodes:
        done:
          end:
            text: {en: "Booked. An SMS follows."}
            do:
              - sms: {en: "%s"}
      """.formatted(TEXT);
  /** Fast retries so that throttled messages come back within the test's budget. */
  static final String CONFIG = """
      sms:
        retry_min: 100ms
        retry_max: 400ms
      """;
  static final String BIND = "tps=1000&window=8&reconnect_min=50ms&reconnect_max=200ms";

  @TempDir
  Path dir;
  SmscSimulator smsc;
  KabambeServer server;
  UssdClient ussd;
  int dialled;

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (smsc != null) smsc.close();
  }

  @Test
  void aDisconnectWithSubmitsInFlightNeitherDuplicatesNorLoses() throws Exception {
    startSmsc();
    startServer(BIND + "&timeout=1s");
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), server::smsReady);
    smsc.delayResponses(Duration.ofMillis(150)); // keep submits in flight
    dial(24);
    Eventually.until("submits in flight", Duration.ofSeconds(20), () -> smsc.submits() >= 6);
    smsc.dropConnections();
    smsc.delayResponses(Duration.ZERO);
    Map<String, Long> counts = assertSettled(24);
    assertTrue(smsc.bindsAccepted() >= 2, "the sender rebound after the drop");
    assertTrue(counts.values().stream().mapToLong(Long::longValue).sum() >= 18, "most messages got through");
  }

  @Test
  void throttlingBurstsAreRetriedUntilEveryMessageIsDeliveredOnce() throws Exception {
    startSmsc();
    smsc.throttle(50);
    startServer(BIND);
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), server::smsReady);
    dial(24);
    assertSettled(24);
    assertEquals(24, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), "all delivered");
    assertTrue(smsc.submits() >= 24 + 20, "about half of the submits were throttled and retried: " + smsc.submits());
  }

  @Test
  void responsesSlowerThanTheTimerAreFailedNotResentAndTheBindKeepsWorking() throws Exception {
    startSmsc();
    startServer(BIND + "&timeout=300ms");
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), server::smsReady);
    smsc.delayResponses(Duration.ofMillis(700));
    dial(8);
    Eventually.until("8 unknown outcomes", Duration.ofSeconds(20),
        () -> Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'failed'") == 8);
    assertEquals(8, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND error = '"
        + OutboxSender.OUTCOME_UNKNOWN + "'"), "failed under the at-most-once rule");
    smsc.delayResponses(Duration.ZERO);
    Eventually.until("the SMSC to finish the slow submits", Duration.ofSeconds(20), () -> smsc.received().size() == 8);
    dial(8);
    assertSettled(16);
    assertEquals(8, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), "the bind still works");
  }

  @Test
  void rejectedBindsAreRetriedUntilAcceptedAndNothingQueuedMeanwhileIsLost() throws Exception {
    startSmsc();
    smsc.rejectBinds(3);
    // A frozen clock: rows queued while the only bind is down must go once it is up, not wait for wall time.
    startServer("tps=1000&window=8&reconnect_min=300ms&reconnect_max=600ms",
        new MutableClock(java.time.Instant.parse("2026-03-02T08:00:00Z")));
    dial(12); // queued while the bind is being refused
    Eventually.until("the bind after three rejections", Duration.ofSeconds(20), server::smsReady);
    assertEquals(3, smsc.bindsRejected());
    assertSettled(12);
    smsc.rejectBinds(2);
    smsc.dropConnections();
    // Rows queued before the server notices the drop would be tried on the dead bind and backed off by the frozen
    // clock for good; the case here is rows queued while the bind is known to be down.
    Eventually.until("the server to see the bind dropped", Duration.ofSeconds(20), () -> !server.smsReady());
    dial(12);
    assertSettled(24);
    assertEquals(5, smsc.bindsRejected());
    assertEquals(24, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), "all delivered");
  }

  // ---- helpers ----

  private void startSmsc() throws Exception {
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret")
        .withReceiptDelay(Duration.ofMillis(20)));
  }

  private void startServer(String bindQuery) throws Exception {
    startServer(bindQuery, java.time.Clock.systemUTC());
  }

  private void startServer(String bindQuery, java.time.Clock clock) throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("notify.yaml"), FLOW);
    Path config = Files.writeString(dir.resolve("kabambe.yaml"), CONFIG);
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), flows,
        TestDatabases.location(dir), Optional.of(config), List.of(smsc.url(bindQuery))), clock);
    ussd = new UssdClient(server.port());
  }

  /** Dials the service from {@code n} new numbers; each dial queues one SMS to its number. */
  private void dial(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      int k = dialled++;
      var reply = ussd.generic("fault-" + k, phone(k), "", true);
      assertEquals(200, reply.status(), reply.body());
      assertTrue(reply.body().contains("\"end\":true"), reply.body());
    }
  }

  private static String phone(int k) {
    return "+2547110%05d".formatted(k);
  }

  /**
   * Waits until all {@code rows} outbox rows are settled (delivered or failed), then checks each against what the
   * SMSC received: delivered = received exactly once, failed = received at most once (an unknown outcome may have
   * reached the SMSC; a refused or abandoned one must not have). Returns the counts per number.
   */
  private Map<String, Long> assertSettled(int rows) throws Exception {
    Eventually.until(rows + " settled rows (now " + statuses() + ")", Duration.ofSeconds(20),
        () -> Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status IN ('delivered', 'failed')")
            == rows);
    Map<String, Long> counts = new HashMap<>();
    for (ReceivedMessage m : smsc.received()) {
      assertEquals(TEXT, m.text(), "only outbox texts reach the SMSC");
      counts.merge(m.to(), 1L, Long::sum);
    }
    List<String> problems = new ArrayList<>();
    try (var c = server.database().connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT phone, status, error FROM outbox ORDER BY id")) {
      int seen = 0;
      while (rs.next()) {
        seen++;
        String to = rs.getString(1).substring(1);
        String status = rs.getString(2);
        String error = rs.getString(3);
        long received = counts.getOrDefault(to, 0L);
        boolean ok = switch (status) {
          case "delivered" -> received == 1;
          case "failed" -> error != null && (received == 0
              || (received == 1 && error.equals(OutboxSender.OUTCOME_UNKNOWN)));
          default -> false;
        };
        if (!ok) problems.add(to + " " + status + " (" + error + ") received " + received + "x");
      }
      assertEquals(rows, seen, "outbox rows");
    }
    assertTrue(problems.isEmpty(), "rows not settled exactly once: " + problems);
    assertTrue(counts.keySet().stream().allMatch(to -> to.startsWith("2547110")), "no stray recipients");
    return counts;
  }

  private String statuses() {
    try (var c = server.database().connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT status, COUNT(*) FROM outbox GROUP BY status")) {
      var out = new StringBuilder();
      while (rs.next()) out.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
      return out.toString().trim();
    } catch (Exception e) {
      return e.toString();
    }
  }


}
