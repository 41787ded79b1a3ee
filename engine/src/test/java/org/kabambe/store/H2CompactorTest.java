package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.Eventually;

/**
 * The serving H2 file's compaction: rows rewritten again and again, in small commits each stored to the file,
 * leave most of it dead; compaction steps run between the writes bring it within 2x its live data (measured by
 * H2's SHUTDOWN COMPACT of a backup) while the database stays open and every row stays readable.
 *
 * <p>H2 frees a dead chunk only once its retention time (45 s) has passed; the test sets it to 1 s to run in
 * seconds. Nothing else differs from a served file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2CompactorTest {
  private static final int ROWS = 2_000;

  @TempDir
  Path dir;

  @Test
  void aFileRewrittenOverAndOverStaysWithinTwiceItsLiveDataWhileOpen() throws Exception {
    try (Database db = Database.open(dir.resolve("live/kabambe").toString())) {
      createChurn(db);
      for (int round = 0; round < 40; round++) churn(db, round); // no compaction yet: the file grows
      long uncompacted = fileSize(db);
      long live = liveSize(db);
      assertTrue(uncompacted > 3 * live, "the churn leaves a file " + uncompacted + " bytes for " + live
          + " bytes of live data: too little dead space to test compaction");

      int steps = 0;
      long liveAfter;
      try (var compactor = new H2Compactor(db)) {
        for (int round = 40; round < 80; round++) { // the same churn, now with a check after each round
          churn(db, round);
          steps += compactor.compactIfSparse(0);
        }
        liveAfter = liveSize(db);
        Eventually.until("the file within 2x its live data " + liveAfter, Duration.ofSeconds(20), () -> {
          db.flush();
          compactor.compactIfSparse(0);
          return fileSize(db) <= 2 * liveAfter;
        });
      }
      CompactionFigures figures = db.compactionFigures().orElseThrow();
      assertTrue(steps > 0 && figures.steps() >= steps, steps + " steps, figures " + figures.steps());
      assertTrue(figures.fileBytes() > 0 && figures.fileBytes() <= 2 * liveAfter, "the file size /metrics shows: "
          + figures.fileBytes());
      assertTrue(figures.liveBytes() > 0 && figures.liveBytes() <= figures.fileBytes(), "live " + figures.liveBytes());
      try (var c = db.connection(); var st = c.createStatement();
           var rs = st.executeQuery("SELECT COUNT(*), MIN(body) FROM churn")) {
        rs.next();
        assertEquals(ROWS, rs.getInt(1));
        assertTrue(rs.getString(2).startsWith("79-"), rs.getString(2));
      }
    }
  }

  @Test
  void noStepRunsWhileABackupHoldsTheFile() throws Exception {
    try (Database db = Database.open(dir.resolve("held/kabambe").toString())) {
      createChurn(db);
      for (int round = 0; round < 20; round++) churn(db, round);
      var held = new CountDownLatch(1);
      var release = new CountDownLatch(1);
      var backup = CompletableFuture.runAsync(() -> { // holds the file as H2Backup.write does while it copies
        db.fileMaintenance().lock();
        try {
          held.countDown();
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          db.fileMaintenance().unlock();
        }
      });
      held.await();
      assertTrue(H2Compactor.livePercent(db.mvStore()) < H2Compactor.LIVE_PERCENT_BELOW, "the file is sparse");
      try (var compactor = new H2Compactor(db)) {
        assertEquals(0, compactor.compactIfSparse(0), "steps while the backup copies");
        release.countDown();
        backup.get(10, TimeUnit.SECONDS);
        assertTrue(compactor.compactIfSparse(0) > 0, "steps once the backup is done");
      }
    }
  }

  private static void createChurn(Database db) throws SQLException {
    try (var c = db.connection(); var st = c.createStatement()) {
      st.execute("CREATE TABLE churn (id INT PRIMARY KEY, body VARCHAR(400))");
      st.execute("SET RETENTION_TIME 1000");
    }
  }

  /** Like conversations: every row rewritten in small commits, each stored to the file as a chunk of its own. */
  private static void churn(Database db, int round) throws SQLException {
    var random = new Random(round);
    try (var c = db.connection(); var st = c.prepareStatement("MERGE INTO churn KEY (id) VALUES (?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < ROWS; i++) {
        st.setInt(1, i);
        st.setString(2, round + "-" + randomText(random, 200));
        st.addBatch();
        if (i % 200 == 199) {
          st.executeBatch();
          c.commit();
          db.flush();
        }
      }
    }
  }

  // SHUTDOWN COMPACT compresses pages: text that does not compress keeps the comparison with the serving file fair.
  private static String randomText(Random random, int length) {
    var b = new StringBuilder(length);
    for (int i = 0; i < length; i++) b.append((char) ('a' + random.nextInt(26)));
    return b.toString();
  }

  private static long fileSize(Database db) {
    try {
      return Files.size(db.h2File().orElseThrow());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The size of a backup of {@code db} once H2 compacted it (SHUTDOWN COMPACT): its live data. */
  private long liveSize(Database db) throws Exception {
    Path zip = Files.createTempFile(dir, "live", ".zip");
    Files.delete(zip);
    H2Backup.write(db, zip);
    String copy = Files.createTempDirectory(dir, "copy").resolve("kabambe").toString();
    H2Restore.run(zip, copy, true, java.time.Instant.now());
    Database restored = Database.openExisting(copy);
    try (var c = restored.connection(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT COUNT(*) FROM churn")) {
      rs.next();
      assertEquals(ROWS, rs.getInt(1), "rows in the backup");
    } finally {
      restored.closeCompacted();
    }
    return Files.size(Path.of(copy + ".mv.db"));
  }
}
