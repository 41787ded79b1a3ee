package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reserve on this machine's real disk: one larger than the disk refuses, saying where and how much. */
class DiskReserveTest {
  @TempDir
  Path dir;

  @Test
  void aReserveAboveTheFreeSpaceRefusesHopsUnwrittenAndSaysWhere() throws Exception {
    long free = Files.getFileStore(dir).getUsableSpace();
    String location = dir.resolve("kabambe").toString();
    try (var db = Database.open(location)) {
      var reserve = DiskReserve.of(db, OptionalLong.of(free * 2 + (1L << 30)));
      assertTrue(reserve.refusing());
      String why = reserve.refusal().orElseThrow();
      assertTrue(why.contains(dir.toString()) && why.contains("reserve") && why.contains("disk_reserve"), why);
      assertEquals(List.of(dir.toAbsolutePath(), dir.resolve("kabambe.journal").toAbsolutePath()),
          reserve.folders().stream().map(DiskReserve.Folder::path).toList());
      try (var writer = GroupCommitWriter.start(db, GroupCommitWriter.Settings.DEFAULT, WriterMetrics.NONE, reserve)) {
        var e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> writer.submit(Hops.typical(1)).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DiskLowException, String.valueOf(e.getCause()));
        assertEquals(why, writer.refusal().orElseThrow());
      }
      assertEquals(0, new HopHistory(db).count("conversations"), "refused before it was written");
    }
    try (var db = Database.open(location)) {
      var reserve = DiskReserve.of(db, OptionalLong.of(0));
      assertFalse(reserve.refusing());
      try (var writer = GroupCommitWriter.start(db, GroupCommitWriter.Settings.DEFAULT, WriterMetrics.NONE, reserve)) {
        writer.submit(Hops.typical(1)).get(5, TimeUnit.SECONDS);
      }
    }
    try (var memory = Database.open(Database.IN_MEMORY)) {
      assertFalse(DiskReserve.of(memory, OptionalLong.of(Long.MAX_VALUE)).refusing(), "in memory no disk is watched");
    }
  }

  @Test
  void sizesReadAsTheConfigFileWritesThem() {
    assertEquals(512L << 20, DiskReserve.parseSize("512MB"));
    assertEquals(2L << 30, DiskReserve.parseSize("2 gb"));
    assertEquals(65_536, DiskReserve.parseSize("65536"));
    var e = assertThrows(IllegalArgumentException.class, () -> DiskReserve.parseSize("5%"));
    assertTrue(e.getMessage().contains("512MB"), e.getMessage());
  }
}
