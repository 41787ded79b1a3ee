package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.TestDatabases;

/**
 * What an unauthenticated caller can make the server write to its log: bounded, one line at most per bad request
 * and never a line the caller shaped. Counts the bytes the logger writes (standard error) during the requests.
 */
@Tag("database")
class LogFloodTest {
  private static final int REQUESTS = 100;
  KabambeServer server;
  UssdClient client;

  @BeforeEach
  void start() throws Exception {
    int port = UssdClient.freePort();
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, TestDatabases.throwaway(), Optional.empty()));
    client = new UssdClient(port);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private interface Requests {
    void send() throws Exception;
  }

  /**
   * The log bytes written while {@code requests} run and until the server has closed their connections: a
   * connection's close handler runs after everything its requests did on the event loop.
   */
  private String logged(Requests requests) throws Exception {
    PrintStream original = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      requests.send();
      // Only the client's keep-alive connection, which the /metrics request itself reuses, is left open.
      Eventually.until("the server to close the requests' connections", Duration.ofSeconds(10),
          () -> openConnections() <= 1);
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private double openConnections() {
    try {
      String metrics = client.get("/metrics").body();
      return metrics.lines().filter(l -> l.startsWith("kabambe_http_connections ")).findFirst()
          .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .orElseThrow(() -> new AssertionError("no kabambe_http_connections in\n" + metrics));
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aMalformedPathIsA400WithoutAStackTrace() throws Exception {
    String log = logged(() -> {
      for (int i = 0; i < REQUESTS; i++) {
        assertEquals(400, client.rawGet("/ussd/africastalking/%ZZ").status());
      }
    });
    assertTrue(log.length() < REQUESTS * 20, log.length() + " log bytes for " + REQUESTS + " requests:\n"
        + log.substring(0, Math.min(2_000, log.length())));
  }

  /**
   * A 40-digit number logged an ERROR with a stack trace per hop; now it is a 400 before anything runs. A served hop
   * logs nothing, so the forged line is only a guard here: the escaping itself is LoggedTextTest's.
   */
  @Test
  void aNumberTooLongToBeRealAndAForgedLineLeaveTheLogAlone() throws Exception {
    String log = logged(() -> {
      for (int i = 0; i < REQUESTS; i++) {
        var r = client.africasTalking("s" + i, "+" + "9".repeat(40), "");
        assertEquals(400, r.status(), r.body());
        client.africasTalking("s\n[main] INFO forged " + i, "+254700000777", "");
      }
    });
    assertTrue(log.length() < REQUESTS * 20, log.length() + " log bytes:\n" + log.substring(0, Math.min(2_000,
        log.length())));
    assertTrue(!log.contains("\n[main] INFO forged"), log);
  }
}
