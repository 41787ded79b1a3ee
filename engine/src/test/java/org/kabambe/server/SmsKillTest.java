package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.smpp.ReceivedMessage;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.outbox.OutboxSender;
import org.kabambe.store.Database;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopWrite;
import org.kabambe.store.OutboxRow;
import org.kabambe.store.WriterMetrics;
import org.kabambe.testing.DurableDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.Sql;

/**
 * Kills a server with SIGKILL while it sends a backlog over SMPP, then restarts it on the same database (an H2
 * file, or a PostgreSQL server with fsync on): a message the SMSC accepted is never submitted again (its claim was
 * stored before the submit), the crash rule settles the rows the kill left 'submitting', and the restarted server
 * sends the rest; nothing is lost or sent twice.
 */
@Tag("database")
class SmsKillTest {
  private static final Logger log = LoggerFactory.getLogger(SmsKillTest.class);
  private static final int MESSAGES = 3_000;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aKilledSenderNeverSubmitsAnAcceptedMessageAgain() throws Exception {
    try (var durable = DurableDatabase.in(dir)) {
      killAndRestart(durable.location());
    }
  }

  private void killAndRestart(String db) throws Exception {
    queue(db);
    try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret")
        .withReceiptDelay(Duration.ofMillis(20)))) {
      String bind = smsc.url("tps=500&window=16");
      Process child = ServerProcess.start(dir, "killed", UssdClient.freePort(), db, UssdClient.DEMO_FLOWS,
          "--smpp", bind);
      try {
        Eventually.until("500 messages at the SMSC", Duration.ofSeconds(60),
            () -> smsc.received().size() >= 500 || !child.isAlive());
        assertTrue(child.isAlive(), "the server died on its own; see " + dir.resolve("serve-killed.err"));
        child.destroyForcibly();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the killed server did not exit");
      } finally {
        child.destroyForcibly().waitFor();
      }
      int beforeKill = smsc.received().size();
      assertTrue(beforeKill < MESSAGES, "killed mid-way: " + beforeKill);

      try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(),
          UssdClient.DEMO_FLOWS, db, Optional.empty(), List.of(bind)))) {
        Database database = server.database();
        Eventually.until("every row settled", Duration.ofSeconds(60), () -> Sql.count(database,
            "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'submitting')") == 0);
        assertSentAtMostOnce(database, smsc.received());
        long unknown = Sql.count(database, "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND error = '"
            + OutboxSender.OUTCOME_UNKNOWN + "'");
        assertTrue(unknown <= 256, "at most the in-flight limit meets the crash rule: " + unknown);
        log.info("killed after {}", beforeKill + " of " + MESSAGES + " at the SMSC; " + unknown
            + " failed by the crash rule, on " + Database.shown(db));
      }
    }
  }

  /** {@link #MESSAGES} rows with distinct texts, so that the SMSC's copy names its row. */
  private static void queue(String db) throws Exception {
    try (var database = Database.open(db);
         var writer = GroupCommitWriter.start(database, GroupCommitWriter.Settings.DEFAULT, WriterMetrics.NONE)) {
      var rows = new ArrayList<OutboxRow>();
      for (int i = 0; i < MESSAGES; i++) {
        rows.add(new OutboxRow("+2547120%05d".formatted(i), text(i), Instant.now()));
      }
      writer.submit(new HopWrite(Optional.empty(), List.of(), List.of(), rows)).get(30, TimeUnit.SECONDS);
    }
  }

  private static String text(int i) {
    return "Backlog message " + i;
  }

  /**
   * Each row against the SMSC's copies: submitted or delivered = received exactly once; failed by the crash rule =
   * received at most once (the kill may have come after the SMSC accepted it); anything else = never received.
   */
  private static void assertSentAtMostOnce(Database database, List<ReceivedMessage> received) throws Exception {
    Map<String, Integer> copies = new HashMap<>();
    received.forEach(m -> copies.merge(m.text(), 1, Integer::sum));
    List<String> problems = new ArrayList<>();
    int rows = 0;
    try (var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT text, status, error FROM outbox ORDER BY id")) {
      while (rs.next()) {
        rows++;
        String text = rs.getString(1);
        String status = rs.getString(2);
        int n = copies.getOrDefault(text, 0);
        boolean ok = switch (status) {
          case "submitted", "delivered" -> n == 1;
          case "failed" -> n == 0 || (n == 1 && OutboxSender.OUTCOME_UNKNOWN.equals(rs.getString(3)));
          default -> false;
        };
        if (!ok) {
          problems.add(text + ": " + status + " (" + rs.getString(3) + "), received " + n + "x");
        }
      }
    }
    assertEquals(MESSAGES, rows);
    assertTrue(problems.isEmpty(), problems.size() + " rows not sent exactly once: "
        + problems.subList(0, Math.min(10, problems.size())));
  }
}
