package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving H2 file's compaction: rows rewritten again and again leave most of the file dead; one check brings
 * it within 2x its live data (measured by H2's SHUTDOWN COMPACT of a copy) while the database stays open and
 * every row stays readable.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2CompactorTest {
  @TempDir
  Path dir;

  @Test
  void aMostlyDeadFileIsCompactedToWithinTwiceItsLiveDataWhileOpen() throws Exception {
    String location = dir.resolve("live/kabambe").toString();
    try (Database db = Database.open(location)) {
      try (var c = db.connection(); var st = c.createStatement()) {
        st.execute("CREATE TABLE churn (id INT PRIMARY KEY, body VARCHAR(400))");
      }
      // Like conversations: the same rows rewritten in small commits, each one a new chunk once flushed.
      for (int round = 0; round < 60; round++) {
        churn(db, round);
        db.flush();
      }
      long before = Files.size(db.h2File().orElseThrow());
      assertTrue(H2Compactor.compactIfSparse(db, 0), "a file that is mostly dead pages is compacted");
      db.flush();
      long after = Files.size(db.h2File().orElseThrow());
      long live = liveSize(db);
      assertTrue(after <= 2 * live, "after compaction " + after + " bytes, live data " + live + " (before "
          + before + ")");
      assertTrue(after < before, after + " vs " + before);
      assertFalse(H2Compactor.compactIfSparse(db, 1L << 40), "a file under the minimum size is left alone");
      try (var c = db.connection(); var st = c.createStatement();
           var rs = st.executeQuery("SELECT COUNT(*), MIN(body) FROM churn")) {
        rs.next();
        assertTrue(rs.getInt(1) == 2_000 && rs.getString(2).startsWith("59-"), rs.getString(2));
      }
    }
  }

  private static void churn(Database db, int round) throws SQLException {
    var random = new java.util.Random(round);
    try (var c = db.connection(); var st = c.prepareStatement("MERGE INTO churn KEY (id) VALUES (?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < 2_000; i++) {
        st.setInt(1, i);
        st.setString(2, round + "-" + randomText(random, 200));
        st.addBatch();
        if (i % 100 == 99) {
          st.executeBatch();
          c.commit();
        }
      }
    }
  }

  // SHUTDOWN COMPACT compresses pages: text that does not compress keeps the comparison with the serving file fair.
  private static String randomText(java.util.Random random, int length) {
    var b = new StringBuilder(length);
    for (int i = 0; i < length; i++) b.append((char) ('a' + random.nextInt(26)));
    return b.toString();
  }

  /** The size of a backup of {@code db} once H2 compacted it (SHUTDOWN COMPACT): its live data. */
  private long liveSize(Database db) throws Exception {
    Path zip = dir.resolve("live.zip");
    Files.deleteIfExists(zip);
    H2Backup.write(db, zip);
    String copy = dir.resolve("copy/kabambe").toString();
    H2Restore.run(zip, copy, true, java.time.Instant.now());
    Database restored = Database.openExisting(copy);
    try (var c = restored.connection(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT COUNT(*) FROM churn")) {
      rs.next();
      assertTrue(rs.getInt(1) == 2_000, "the backup holds " + rs.getInt(1) + " rows");
    } finally {
      restored.closeCompacted();
    }
    return Files.size(Path.of(copy + ".mv.db"));
  }
}
