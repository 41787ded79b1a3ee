package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.SmallDisk;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * The H2 file's journal on a disk that fills up (a real tmpfs, mounted by the test as root): a batch the journal
 * cannot take is not acknowledged, and nothing that was acknowledged is lost to a kill afterwards.
 */
class JournalDiskFullTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aRecordCutByAFullDiskDoesNotHideTheBatchesAfterIt() throws Exception {
    try (var disk = SmallDisk.mount(dir.resolve("journal"), 1)) {
      byte[] payload = HopWriteCodec.encode(List.of(Hops.typical(1), Hops.typical(2)));
      long seq = 0;
      try (var journal = HopJournal.open(disk.dir())) {
        disk.fillLeaving(100 * 1024); // room for some records, then a cut one
        var written = new ArrayList<Long>();
        IOException full = null;
        while (full == null) {
          try {
            journal.append(++seq, payload);
            written.add(seq);
          } catch (IOException e) {
            full = e;
          }
        }
        assertTrue(written.size() > 3, "only " + written.size() + " records fitted");
        disk.free("the space is back");
        journal.append(++seq, payload);
        journal.append(++seq, payload);
        written.add(seq - 1);
        written.add(seq);

        List<Long> read = journal.readAll().stream().map(HopJournal.Batch::seq).toList();
        List<Long> segmentOpen = new ArrayList<>(read);
        journal.rotate();
        List<Long> all = journal.readAll().stream().map(HopJournal.Batch::seq).toList();
        assertEquals(written, all, "every record written whole reads back, the one the full disk cut does not ("
            + "closed segments alone held " + segmentOpen + ")");
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aBatchTheJournalCannotTakeIsRefusedAndEveryAcknowledgedHopSurvivesAKill() throws Exception {
    String location = dir.resolve("kabambe").toString();
    try (var disk = SmallDisk.mount(dir.resolve("kabambe.journal"), 8)) {
      Process child = HopWriterProcess.start(dir, "write", location);
      var acked = new ConcurrentLinkedQueue<Integer>();
      var failed = new AtomicInteger();
      Thread reader = new Thread(() -> read(child, acked, failed), "child-acks");
      reader.start();
      try {
        await(() -> acked.size() >= 1_000, child, "1,000 acknowledgements before filling the disk");
        disk.fillLeaving(0); // the journal's disk is full, mid-record
        await(() -> failed.get() >= 50, child, "hops refused while the journal's disk is full");
        int before = acked.size();
        disk.free("the space is back");
        await(() -> acked.size() >= before + 1_000, child, "acknowledgements again once space is back");
        child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroy* it leaves stdout to read
        reader.join(10_000);
      } finally {
        child.destroyForcibly().waitFor();
      }
      var missing = new ArrayList<Integer>();
      try (var db = Database.open(location); var c = db.connection();
           var select = c.prepareStatement("SELECT COUNT(*) FROM answers WHERE phone = ?")) {
        for (int id : acked) {
          select.setString(1, Hops.phone(id));
          try (var rs = select.executeQuery()) {
            rs.next();
            if (rs.getInt(1) != 1) missing.add(id);
          }
        }
      }
      assertTrue(missing.isEmpty(), missing.size() + " of " + acked.size() + " acknowledged hops were lost (the "
          + "journal's disk filled, then freed, then a kill), e.g. " + missing.subList(0, Math.min(10, missing.size()))
          + "; see " + dir.resolve("child-write.err"));
    }
  }

  private interface Condition {
    boolean holds();
  }

  private static void await(Condition condition, Process child, String what) {
    // 60 s: a JVM starting on a loaded machine.
    boolean held = Eventually.within(Duration.ofSeconds(60), () -> !child.isAlive() || condition.holds());
    assertTrue(child.isAlive(), "the child died waiting for " + what);
    assertTrue(held, "no " + what + " within 60 s");
  }

  private static void read(Process child, ConcurrentLinkedQueue<Integer> acked, AtomicInteger failed) {
    try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (!line.endsWith(";")) continue; // cut by the kill: not an acknowledgement
        if (line.startsWith("ack ")) acked.add(Integer.parseInt(line.substring(4, line.length() - 1)));
        else if (line.startsWith("fail ")) failed.incrementAndGet();
      }
    } catch (IOException e) {
      // the child is gone
    }
  }
}
