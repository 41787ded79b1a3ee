package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.TestDatabases;

/**
 * Slowloris: thousands of connections that send a request a byte at a time, from one attacker address
 * (127.0.0.2), while a participant (127.0.0.1) goes through a journey. Before the guard, every half-sent request
 * held its connection and descriptor until the attacker let go. Bounded and loopback only.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("database")
class SlowClientTest {
  private static final int ATTACKERS = 2_000;
  private static final int PER_ADDRESS = 300;

  @TempDir
  Path dir;
  KabambeServer server;
  UssdClient client;
  final List<SocketChannel> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path config = dir.resolve("kabambe.yaml");
    Files.writeString(config, """
        http:
          header_timeout: 2s
          body_timeout: 2s
          idle_timeout: 2s
          max_connections_per_address: %d
        """.formatted(PER_ADDRESS));
    int port = UssdClient.freePort();
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, TestDatabases.throwaway(), Optional.of(config)));
    client = new UssdClient(port);
  }

  @AfterEach
  void stop() {
    for (SocketChannel s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing what the server already closed
      }
    }
    if (server != null) server.close();
  }

  private SocketChannel attacker(String firstBytes) throws IOException {
    SocketChannel s = SocketChannel.open();
    s.bind(new InetSocketAddress("127.0.0.2", 0));
    s.connect(new InetSocketAddress("127.0.0.1", server.port()));
    s.configureBlocking(false);
    s.write(ByteBuffer.wrap(firstBytes.getBytes(StandardCharsets.US_ASCII)));
    sockets.add(s);
    return s;
  }

  /** True once the server has closed it (end of stream or reset); false while it is held open. */
  private static boolean closedByServer(SocketChannel s) {
    try {
      ByteBuffer sink = ByteBuffer.allocate(4_096);
      int n;
      while ((n = s.read(sink)) > 0) sink.clear();
      return n < 0;
    } catch (IOException e) {
      return true;
    }
  }

  private long closed() {
    return sockets.stream().filter(SlowClientTest::closedByServer).count();
  }

  /** Writes one more header byte to every attacker connection still open: each write resets an idle timer. */
  private void drip() {
    for (SocketChannel s : sockets) write(s, "X");
  }

  private static void write(SocketChannel s, String bytes) {
    try {
      s.write(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException closed) {
      // shed or timed out already
    }
  }

  private long metric(String name) throws Exception {
    for (String line : client.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) return (long) Double.parseDouble(line.substring(name.length() + 1));
    }
    throw new AssertionError("no metric " + name);
  }

  @Test
  void slowHeadsAreShedOrCutOffWhileAJourneyIsServed() throws Exception {
    for (int i = 0; i < ATTACKERS; i++) attacker("POST /ussd/africastalking HTTP/1.1\r\nHost: kabambe\r\nX-Slow: ");
    drip();
    assertTrue(metric("kabambe_http_connections") <= PER_ADDRESS + 5, "the attacker holds at most its address's share");

    // The participant is served while the attacker holds its share.
    String session = "slowloris-journey";
    assertTrue(client.africasTalking(session, "+254700000901", "").continues());
    assertTrue(client.africasTalking(session, "+254700000901", "1").continues());
    assertEquals(200, client.get("/health").status());

    // Dripping a byte every 300 ms does not keep a half-sent head past the 2 s deadline.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
    while (closed() < ATTACKERS && System.nanoTime() < deadline) {
      drip();
      Thread.sleep(300); // the attacker's pace: a byte well within the idle timeout, a head never done
    }
    assertEquals(ATTACKERS, closed(), "half-sent requests still held after the head deadline");
    // Each was either shed on arrival (over the address cap) or cut off at the deadline, never served.
    long shed = metric("kabambe_http_connections_shed_total");
    long timedOut = metric("kabambe_http_connections_timed_out_total");
    assertTrue(shed >= 1 && timedOut >= 1 && shed + timedOut >= ATTACKERS, shed + " shed, " + timedOut + " timed out");
  }

  @Test
  void aBodySentTooSlowlyIsCutOffAndAnIdleConnectionClosed() throws Exception {
    SocketChannel slowBody = attacker("POST /ussd/generic HTTP/1.1\r\nHost: kabambe\r\n"
        + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"sessionId\":");
    SocketChannel idle = attacker("GET /health HTTP/1.1\r\nHost: kabambe\r\n\r\n");
    long opened = System.nanoTime();
    long lastSeenOpen = opened; // when both were last seen open, by the test's clock
    long deadline = opened + TimeUnit.SECONDS.toNanos(7);
    while (!(closedByServer(slowBody) && closedByServer(idle)) && System.nanoTime() < deadline) {
      long now = System.nanoTime();
      if (!closedByServer(slowBody) && !closedByServer(idle)) lastSeenOpen = now;
      write(slowBody, "X");
      Thread.sleep(300); // the slow client's pace: a byte every 300 ms
    }
    assertTrue(closedByServer(slowBody), "a body dripped a byte at a time is cut off at the body deadline");
    assertTrue(closedByServer(idle), "a kept-alive connection asking nothing more is closed at the idle deadline");
    assertTrue(lastSeenOpen - opened >= TimeUnit.SECONDS.toNanos(1), "both are still open a second in, before the"
        + " deadlines (" + TimeUnit.NANOSECONDS.toMillis(lastSeenOpen - opened) + " ms)");
  }
}
