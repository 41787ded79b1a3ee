package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.Role;
import org.kabambe.cli.Main;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.ApiClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * {@code kabambe db backup --url} against a server on an H2 file in the middle of a USSD load over Africa's
 * Talking, then {@code db restore} into a new place: for every participant, the restore holds every answer whose
 * hop was acknowledged before the backup was asked for (counted client-side just before), and none that was not
 * yet sent when it ended. The load never stops: the backup is online.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackupUnderLoadTest {
  private static final Logger log = LoggerFactory.getLogger(BackupUnderLoadTest.class);
  private static final int PARTICIPANTS = 16;

  @TempDir
  Path dir;

  @Test
  void aBackupTakenUnderLoadHoldsEveryAnswerAcknowledgedBeforeItBegan() throws Exception {
    String live = dir.resolve("live/kabambe").toString();
    int port = ApiClient.freePort();
    int[] before = new int[PARTICIPANTS];
    int[] after = new int[PARTICIPANTS];
    boolean[] inFlightAfter = new boolean[PARTICIPANTS];
    Path zip = dir.resolve("backup.zip");
    SurveyLoad load = new SurveyLoad(port, PARTICIPANTS, "+254711000000", false);
    try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, live,
        Optional.empty()))) {
      Path tokenFile = Files.writeString(dir.resolve("admin-token"), ApiClient.token(server, Role.ADMIN));
      load.start();
      awaitAcknowledged(load, 400);
      for (var p : load.participants()) before[p.index] = p.answers;
      long asked = System.nanoTime();
      var out = new StringWriter();
      var err = new StringWriter();
      int exit = Main.run(new PrintWriter(out), new PrintWriter(err), "db", "backup", "--url",
          "http://127.0.0.1:" + port, "--token-file", tokenFile.toString(), "--to", zip.toString());
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
      for (var p : load.participants()) {
        inFlightAfter[p.index] = p.inFlight;
        after[p.index] = p.answers;
      }
      assertEquals(Main.OK, exit, out + "\n" + err);
      assertTrue(out.toString().startsWith("backed up the server at http://127.0.0.1:" + port), out.toString());
      int duringBackup = 0;
      for (int i = 0; i < PARTICIPANTS; i++) duringBackup += after[i] - before[i];
      awaitAcknowledged(load, load.acknowledged() + 200); // the load goes on after the backup
      load.stopAndJoin(30);
      assertTrue(load.firstProblem().isEmpty(), load.firstProblem().orElse(""));
      log.info("backup under load: {} ms, {} answers acknowledged meanwhile, {} hops in all", tookMs, duringBackup,
          load.acknowledged());
    }

    String restored = dir.resolve("restored/kabambe").toString();
    var out = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "db", "restore", "--from",
        zip.toString(), "--db", restored);
    assertEquals(Main.OK, exit, out.toString());
    int inBackup = 0;
    int inLive = 0;
    try (var database = Database.openExisting(restored); var liveDb = Database.openExisting(live)) {
      var records = new HopHistory(database);
      var liveRecords = new HopHistory(liveDb);
      for (var p : load.participants()) {
        int stored = records.answersOf(p.phone).size();
        String who = "participant " + p.index + " (" + p.phone + ")";
        assertTrue(stored >= before[p.index], who + ": " + before[p.index] + " answers acknowledged before the "
            + "backup began, " + stored + " in the restore");
        int sentBy = after[p.index] + (inFlightAfter[p.index] ? 1 : 0);
        assertTrue(stored <= sentBy, who + ": " + stored + " answers in the restore, only " + sentBy + " sent by "
            + "the time the backup ended");
        // What the backup holds is the live database's history up to a point, answer for answer.
        assertEquals(liveRecords.answersOf(p.phone).subList(0, stored), records.answersOf(p.phone), who);
        inBackup += stored;
        inLive += liveRecords.answersOf(p.phone).size();
      }
    }
    assertTrue(inLive > inBackup, "the live database should hold the answers given after the backup: " + inLive
        + " vs " + inBackup);
  }

  private static void awaitAcknowledged(SurveyLoad load, int hops) {
    Eventually.within(Duration.ofSeconds(60), () -> load.acknowledged() >= hops || load.firstProblem().isPresent());
    assertTrue(load.firstProblem().isEmpty(), load.firstProblem().orElse(""));
    assertTrue(load.acknowledged() >= hops, "only " + load.acknowledged() + " hops acknowledged in 60 s");
  }
}
