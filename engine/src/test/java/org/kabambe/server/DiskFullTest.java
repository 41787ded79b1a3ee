package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.SmallDisk;
import org.kabambe.testing.Eventually;

/**
 * The H2 file and its journal on a small real disk (a 40 MB tmpfs the test mounts as root), a server (a child JVM)
 * under a USSD load: filling the disk below the reserve turns hops into busy screens and /health down with the
 * reason; freeing it serves again without a restart; a SIGKILL while full and a restart after freeing lose no
 * acknowledged answer, and the file opens.
 */
class DiskFullTest {
  private static final int PARTICIPANTS = 8;
  private static final long RESERVE = 8L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aFullDiskIsARefusalThatEndsWhenSpaceIsBackAndLosesNothingToAKill() throws Exception {
    try (var disk = SmallDisk.mount(dir.resolve("data"), 40)) {
      String db = disk.dir().resolve("kabambe").toString();
      Path config = dir.resolve("kabambe.yaml");
      Files.writeString(config, "database:\n  disk_reserve: 8MB\n");
      int port = UssdClient.freePort();
      var client = new UssdClient(port);
      Process child = ServerProcess.start(dir, "first", port, db, UssdClient.DEMO_FLOWS, "--config",
          config.toString());
      var load = new SurveyLoad(port, PARTICIPANTS, "+254712000000", true);
      try {
        client.awaitHealthy(Duration.ofSeconds(90), child);
        load.start();
        load.awaitAcknowledged(100, 500, child);
        noProblem(load, child, "before the disk filled");

        disk.fillLeaving(RESERVE / 2);
        await(() -> healthSays(client, "disk space low"), child, "/health down for the disk");
        String health = client.get("/health").body();
        assertTrue(health.contains(disk.dir().toString()) && health.contains("reserve"), health);
        int busy = load.busy();
        await(() -> load.busy() >= busy + PARTICIPANTS, child, "busy screens while the disk is full");
        String metrics = client.get("/metrics").body();
        assertTrue(metrics.contains("# HELP kabambe_disk_free_bytes ") && metrics.contains("# HELP "
            + "kabambe_disk_reserve_bytes ") && metrics.contains("kabambe_disk_reserve_bytes{path=\"" + disk.dir()
            + "\"} " + (double) RESERVE), metrics);
        noProblem(load, child, "while the disk was full");

        disk.free("space is back");
        await(() -> client.get("/health").status() == 200, child, "/health up once space is back");
        int acked = load.acknowledged();
        await(() -> load.acknowledged() >= acked + 50, child, "hops acknowledged again without a restart");
        noProblem(load, child, "after space came back");

        disk.fillLeaving(RESERVE / 2);
        await(() -> healthSays(client, "disk space low"), child, "/health down for the disk again");
        child.destroyForcibly(); // SIGKILL while full
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the killed server did not exit");
        load.join(30);
      } finally {
        child.destroyForcibly().waitFor();
      }

      disk.free("space is back");
      Process second = ServerProcess.start(dir, "second", port, db, UssdClient.DEMO_FLOWS, "--config",
          config.toString());
      try {
        client.awaitHealthy(Duration.ofSeconds(90), second);
      } finally {
        second.destroy(); // SIGTERM: a clean stop
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the restarted server did not stop");
      }
      try (var database = Database.open(db)) {
        var store = new ConversationStore(database);
        var records = new HopHistory(database);
        for (SurveyLoad.Participant p : load.participants()) {
          p.checkStored(store, records); // every acknowledged answer, and the state the server last showed
        }
      }
      try (var files = Files.list(disk.dir())) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".trace.db")),
            "H2 wrote a .trace.db on the data disk");
      }
    }
  }

  private static boolean healthSays(UssdClient client, String reason) {
    try {
      var r = client.get("/health");
      return r.status() == 503 && r.body().contains(reason);
    } catch (Exception e) {
      return false;
    }
  }

  private static void noProblem(SurveyLoad load, Process child, String when) {
    assertTrue(load.firstProblem().isEmpty(), when + ": " + load.firstProblem().orElse(""));
    assertTrue(child.isAlive(), "the server died " + when);
  }

  private static void await(Eventually.Check check, Process child, String what) {
    boolean held = Eventually.within(Duration.ofSeconds(30), () -> !child.isAlive() || check.holds());
    assertTrue(child.isAlive(), "the server died waiting for " + what);
    assertTrue(held, "no " + what + " within 30 s");
  }
}
