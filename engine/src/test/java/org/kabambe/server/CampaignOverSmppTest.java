package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.TestDatabases;

/**
 * The campaign tour of the README, end to end: a subscriber who texts the demo campaign's join keyword to the SMSC simulator receives
 * its messages on their schedule, time moved by hand (the deployment time zone is UTC here).
 */
@Tag("database")
class CampaignOverSmppTest {
  static final String PHONE = "254711000077";

  @TempDir
  Path dir;
  SmscSimulator smsc;
  KabambeServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (smsc != null) smsc.close();
  }

  @Test
  void tipsArriveOnScheduleAndStopEndsThem() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret"));
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), Path.of("../flows"),
        TestDatabases.location(dir), Optional.empty(), List.of(smsc.url("tps=200&reconnect_min=50ms"))), clock);
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), () -> server.smsReady());
    smsc.sendMo(PHONE, "384", "tips").get(10, TimeUnit.SECONDS);
    assertEquals("You are subscribed: Climate tips by SMS. Send NOTIPS to stop.", texts(1).get(0));

    clock.advance(Duration.ofHours(22)); // 3 March 08:00: nothing yet
    server.tickCampaigns();
    clock.advance(Duration.ofHours(1)); // 09:00: tip 1
    server.tickCampaigns();
    assertTrue(texts(2).get(1).startsWith("Climate tip 1/6"), texts(2).toString());

    clock.advance(Duration.ofDays(3).plusHours(9)); // 6 March 18:00: tip 2
    server.tickCampaigns();
    assertTrue(texts(3).get(2).startsWith("Climate tip 2/6"), texts(3).toString());

    smsc.sendMo(PHONE, "384", "STOP").get(10, TimeUnit.SECONDS);
    texts(4);
    clock.advance(Duration.ofDays(10));
    server.tickCampaigns(); // on this thread: whatever it queues is in the outbox when it returns
    SmsOverSmppTest.awaitOutboxSettled(server.database());
    assertEquals(4, smsc.received().size(), "no tips after STOP");
  }

  private List<String> texts(int count) throws Exception {
    return smsc.awaitReceived(count, Duration.ofSeconds(15)).stream().map(m -> m.text()).toList();
  }
}
