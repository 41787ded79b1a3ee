package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.EventRow;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.PostgresServer;

/**
 * Two Kabambe nodes on one PostgreSQL database, a participant's hops reaching either (a balancer without
 * stickiness): each node's cache goes stale as the other moves the conversation on, and the version check makes a
 * stale node read the conversation again instead of overwriting it. PostgreSQL only: an H2 file admits one server.
 */
class TwoNodesOnePostgresTest {
  private static final String NUMBER = "+2547100000";

  @TempDir
  Path dir;
  private KabambeServer a;
  private KabambeServer b;
  private int portA;
  private int portB;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @BeforeEach
  void start() throws Exception {
    PostgresServer.assumeAvailable();
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("survey.yaml"), UssdServiceTest.SURVEY);
    String url = PostgresServer.shared().newDatabase();
    portA = UssdServiceTest.freePort();
    portB = UssdServiceTest.freePort();
    a = KabambeServer.start(new ServeOptions("127.0.0.1", portA, flows, url, Optional.empty()), Clock.systemUTC());
    b = KabambeServer.start(new ServeOptions("127.0.0.1", portB, flows, url, Optional.empty()), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (a != null) a.close();
    if (b != null) b.close();
  }

  @Test
  void hopsAlternatingBetweenNodesEndAtTheRightScreenWithEveryAnswerOnce() throws Exception {
    List<Future<?>> journeys = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String phone = NUMBER + String.format("%02d", i);
      journeys.add(pool.submit((Callable<Void>) () -> {
        var p = new AfricasTalkingPhone(portA, phone, "*100#");
        assertEquals("CON Your nickname?", p.via(portA).dial());
        assertEquals("CON Hi Amani! Your age?\n0 Back", p.via(portB).send("Amani"));
        // Node A still holds the state after the dial: its write is too late, it reads the stored one and goes on.
        assertEquals("CON Favourite colour?\n1. Red\n2. Blue\n0 Back", p.via(portA).send("17"));
        // The gateway retries that hop on node B, whose cache stopped at "Amani": answered from what A stored.
        assertEquals("CON Favourite colour?\n1. Red\n2. Blue\n0 Back", p.via(portB).retry());
        assertEquals("END Thanks Amani!", p.via(portB).send("2"));
        return null;
      }));
    }
    for (Future<?> j : journeys) j.get();
    var records = new HopHistory(a.database());
    for (int i = 0; i < 16; i++) {
      String phone = NUMBER + String.format("%02d", i);
      assertEquals(List.of("nickname=Amani", "age=17", "colour=blue"),
          records.answersOf(phone).stream().map(r -> r.name() + "=" + r.valueText()).toList(), phone);
      assertEquals(1, count(records, phone, "session_completed"), phone);
    }
  }

  @Test
  void aNewNumbersFirstHopOnBothNodesAtOnceStartsOneConversation() throws Exception {
    for (int i = 0; i < 12; i++) {
      String phone = NUMBER + "5" + i;
      // One gateway session whose first hop reaches both nodes together (a retry after a timeout).
      var onA = new AfricasTalkingPhone(portA, phone, "*100#");
      var onB = new AfricasTalkingPhone(portB, phone, "*100#");
      Future<String> first = pool.submit(onA::dial);
      Future<String> second = pool.submit(onB::dial);
      assertEquals("CON Your nickname?", first.get(), phone);
      assertEquals("CON Your nickname?", second.get(), phone);
      assertEquals("CON Hi Zola! Your age?\n0 Back", (i % 2 == 0 ? onA : onB).send("Zola"), phone);
      assertEquals("CON Favourite colour?\n1. Red\n2. Blue\n0 Back", (i % 2 == 0 ? onB : onA).send("33"), phone);
      var records = new HopHistory(a.database());
      assertEquals(1, count(records, phone, "session_started"), phone);
      assertEquals(List.of("nickname=Zola", "age=33"),
          records.answersOf(phone).stream().map(r -> r.name() + "=" + r.valueText()).toList(), phone);
    }
  }

  private static long count(HopHistory records, String phone, String type) {
    return records.eventsOf(phone).stream().map(EventRow::type).filter(type::equals).count();
  }
}
