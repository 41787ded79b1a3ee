package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
import org.kabambe.connectors.smpp.SmscSimulator.SubmittedUssd;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.Sql;
import org.kabambe.testing.TestDatabases;

/**
 * USSD sessions carried over SMPP (the "default" profile: ussd_service_op + its_session_info) through the real
 * server and the demo vaccine flow: each screen comes back as a submit_sm on the bind, not through the outbox.
 */
@Tag("database")
class UssdOverSmppTest {
  static final String PHONE = "254711000077";
  static final String SERVICE = "384";

  @TempDir
  Path dir;
  SmscSimulator smsc;
  KabambeServer server;

  @BeforeEach
  void start() throws Exception {
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret"));
    server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), UssdClient.DEMO_FLOWS,
        TestDatabases.location(dir), Optional.empty(),
        List.of(smsc.url("ussd=default&reconnect_min=50ms"))), java.time.Clock.systemUTC());
    Eventually.until("the SMPP bind", Duration.ofSeconds(20), () -> server.smsReady());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (smsc != null) smsc.close();
  }

  @Test
  void aSessionWalksTheVaccineFlowsFirstScreensAndEnds() throws Exception {
    smsc.ussdBegin(PHONE, SERVICE, 7, "*384*12#").get(10, TimeUnit.SECONDS);
    SubmittedUssd language = screen(1);
    assertEquals("Language / Langue / Lugha:\n1. English\n2. Français\n3. Kiswahili", language.text());
    assertEquals(0x02, language.op(), "USSR request: the session continues");
    assertEquals(7, language.sessionNumber(), "its_session_info echoes the session number");
    assertFalse(language.end());
    assertEquals("USSD", language.serviceType());
    assertEquals(PHONE, language.to());
    assertEquals(SERVICE, language.from());

    smsc.ussdContinue(PHONE, SERVICE, 7, "1").get(10, TimeUnit.SECONDS);
    SubmittedUssd consent = screen(2);
    assertTrue(consent.text().startsWith("Language: English\nVaccine survey:"), consent.text());
    assertEquals(0x02, consent.op());

    smsc.ussdContinue(PHONE, SERVICE, 7, "2").get(10, TimeUnit.SECONDS); // "No, thanks"
    SubmittedUssd last = screen(3);
    assertEquals(0x11, last.op(), "PSSR response closes the session");
    assertTrue(last.end(), "its_session_info end bit");
    assertEquals(7, last.sessionNumber());
    assertTrue(smsc.received().isEmpty(), "USSD screens never go through the SMS outbox");
    assertEquals(0, Sql.count(server.database(), "SELECT COUNT(*) FROM outbox"));
  }

  @Test
  void aReleasedSessionIsRecordedAndANewDialStartsAfresh() throws Exception {
    smsc.ussdBegin(PHONE, SERVICE, 3, "*384*12#").get(10, TimeUnit.SECONDS);
    screen(1);
    smsc.ussdRelease(PHONE, SERVICE, 3).get(10, TimeUnit.SECONDS);
    // The release gets no screen; the next dial (same recycled session number) is a new session.
    smsc.ussdBegin(PHONE, SERVICE, 3, "*384*12#").get(10, TimeUnit.SECONDS);
    SubmittedUssd again = screen(2);
    assertEquals(0x02, again.op());
    assertEquals(3, again.sessionNumber());
    assertEquals(2, smsc.ussdScreens().size(), "no screen answers a release");
  }

  private SubmittedUssd screen(int n) throws Exception {
    List<SubmittedUssd> screens = smsc.awaitUssdScreens(n, Duration.ofSeconds(15));
    return screens.get(n - 1);
  }
}
