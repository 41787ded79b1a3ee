package org.kabambe.server;

import org.kabambe.testing.Eventually;
import org.kabambe.testing.Sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.contact.ContactStore;
import org.kabambe.testing.TestDatabases;

/**
 * The whole SMS path with the demo programme: MO from a real SMPP session (the SMSC simulator) to the flow, the
 * replies back as submits, delivery receipts into the outbox, STOP from anywhere.
 */
@Tag("database")
class SmsOverSmppTest {
  static final String PHONE = "254711000042";
  /**
   * Outbox rows the sender may still submit. The simulator records a submit before it answers, so once none is
   * left, every SMS there will be is already in {@code smsc.received()}: absence proved without a fixed sleep.
   */
  static final String WAITING_TO_BE_SENT = "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'submitting')";

  /** Waits until the sender has settled every row queued so far (see {@link #WAITING_TO_BE_SENT}). */
  static void awaitOutboxSettled(org.kabambe.store.Database db) {
    Eventually.until("every queued SMS settled", Duration.ofSeconds(15),
        () -> Sql.count(db, WAITING_TO_BE_SENT) == 0);
  }

  @TempDir
  Path dir;
  SmscSimulator smsc;
  KabambeServer server;

  @BeforeEach
  void start() throws Exception {
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret"));
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), Path.of("../flows"),
        TestDatabases.location(dir), Optional.empty(), List.of(smsc.url("tps=200&reconnect_min=50ms"))),
        java.time.Clock.systemUTC());
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), () -> server.smsReady());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (smsc != null) smsc.close();
  }

  @Test
  void aKeywordStartsTheFlowOverSmsAndTheRepliesArrive() throws Exception {
    smsc.sendMo(PHONE, "384", "VAX").get(10, TimeUnit.SECONDS);
    assertEquals("Language / Langue / Lugha:\n1. English\n2. Français\n3. Kiswahili", texts(1).get(0));
    smsc.sendMo(PHONE, "384", "1").get(10, TimeUnit.SECONDS);
    List<String> next = texts(3);
    assertEquals("Language: English", next.get(1));
    assertTrue(next.get(2).startsWith("Vaccine survey:"), next.toString());
    Eventually.until("delivery receipts", Duration.ofSeconds(20),
        () -> Sql.count(server.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'") == 3);
  }

  @Test
  void stopWorksFromAnywhereAndNothingElseIsSent() throws Exception {
    smsc.sendMo(PHONE, "384", "TEEN").get(10, TimeUnit.SECONDS);
    texts(1);
    smsc.sendMo(PHONE, "384", "stop").get(10, TimeUnit.SECONDS);
    assertEquals("You will get no more messages. Send JOIN to come back.", texts(2).get(1));
    assertTrue(new ContactStore(server.database()).state("+" + PHONE).optedOut());
    smsc.sendMo(PHONE, "384", "1").get(10, TimeUnit.SECONDS); // acknowledged once its replies are in the outbox
    awaitOutboxSettled(server.database());
    assertEquals(2, smsc.received().size(), "an opted-out number gets nothing more");
  }

  private List<String> texts(int count) throws Exception {
    return smsc.awaitReceived(count, Duration.ofSeconds(15)).stream().map(m -> m.text()).toList();
  }


}
