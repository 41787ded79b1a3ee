package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HopJournalTest {
  @TempDir
  Path dir;

  @Test
  void aBatchReadsBackAsWrittenWithEveryKindOfRow() throws Exception {
    Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
    HopWrite typical = Hops.typical(7);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("district", "Dowa");
    fields.put("children", 3.0);
    fields.put("due", LocalDate.parse("2026-09-01"));
    fields.put("pregnant", true);
    fields.put("topics", List.of("hiv", "nutrition"));
    var contact = new ContactChange(Hops.phone(7), at, Optional.of("fr"), Optional.of(true), fields);
    var sms = new OutboxRow(Hops.phone(7), "Merci — à bientôt 🙂", at, OutboxRow.SYSTEM, at.plusSeconds(180));
    var full = new HopWrite(typical.conversation(), typical.answers(), typical.events(), List.of(sms),
        Optional.of(contact), Optional.of(new HopWrite.HeldSmsRelease(Hops.phone(7), at)),
        Optional.of(new HopWrite.FlowStartDone(42, false, "opted out", at)));
    var bare = new HopWrite(Optional.empty(), List.of(), List.of(), List.of());

    List<HopWrite> back = HopWriteCodec.decode(HopWriteCodec.encode(List.of(full, bare)));

    assertEquals(2, back.size());
    HopWrite f = back.get(0);
    assertEquals(typical.answers(), f.answers());
    assertEquals(typical.events(), f.events());
    assertEquals(List.of(sms), f.outbox());
    assertEquals(Optional.of(contact), f.contact());
    assertEquals(full.release(), f.release());
    assertEquals(full.flowStart(), f.flowStart());
    ConversationRow c = f.conversation().orElseThrow();
    ConversationRow expected = typical.conversation().orElseThrow();
    assertEquals(expected.phone(), c.phone());
    assertEquals(expected.updatedAt(), c.updatedAt());
    assertTrue(java.util.Arrays.equals(expected.state(), c.state()));
    assertEquals(bare, back.get(1));
    var started = new HopWrite(Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(),
        Optional.of(new HopWrite.FlowStartDone(43, true, null, at)));
    assertEquals(started, HopWriteCodec.decode(HopWriteCodec.encode(List.of(started))).get(0));
  }

  @Test
  void openingReplaysOnlyTheBatchesTheFileLacksIgnoresACutRecordAndEmptiesTheJournal() throws Exception {
    String location = dir.resolve("kabambe").toString();
    try (var db = Database.open(location); var c = db.connection(); var st = c.createStatement()) {
      st.executeUpdate("UPDATE writer_journal SET applied_seq = 1 WHERE id = 1"); // batch 1 is in the file
    }
    Path journalDir = dir.resolve("kabambe.journal");
    try (var journal = HopJournal.open(journalDir)) {
      journal.append(1, HopWriteCodec.encode(List.of(Hops.typical(1))));
      journal.append(2, HopWriteCodec.encode(List.of(Hops.typical(2), Hops.typical(3))));
      journal.rotate();
      journal.append(3, HopWriteCodec.encode(List.of(Hops.typical(4))));
    }
    // A kill in the middle of the next record: its header and part of its payload.
    Path last;
    try (Stream<Path> files = Files.list(journalDir)) {
      last = files.sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.write(last, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 4, 9, 9}, StandardOpenOption.APPEND);

    try (var db = Database.open(location)) {
      var records = new HopHistory(db);
      assertEquals(List.of(), records.answersOf(Hops.phone(1)), "batch 1 was already applied: not again");
      for (int i = 2; i <= 4; i++) {
        assertEquals(1, records.answersOf(Hops.phone(i)).size(), "hop " + i + " replayed once");
      }
      assertEquals(3, records.count("conversations"));
      try (var c = db.connection()) {
        assertEquals(3, HopStatements.appliedSeq(c));
      }
    }
    try (Stream<Path> files = Files.list(journalDir)) {
      assertEquals(0, files.filter(p -> p.toString().endsWith(".hops")).count(), "the journal is emptied once the file holds it");
    }
    try (var db = Database.open(location)) {
      assertEquals(3, new HopHistory(db).count("conversations"), "reopening replays nothing twice");
    }
  }

  @Test
  void aWriterContinuesTheSequenceAndLeavesAnEmptyJournalWhenClosed() throws Exception {
    String location = dir.resolve("kabambe").toString();
    for (int round = 0; round < 2; round++) {
      try (var db = Database.open(location); var writer = GroupCommitWriter.start(db)) {
        for (int i = 0; i < 10; i++) {
          writer.submit(Hops.typical(round * 10 + i)).get();
        }
      }
    }
    try (var db = Database.open(location); var c = db.connection()) {
      // Each hop waited for the one before, so each was a batch of its own: 20 batches, numbered on from the first
      // writer's last (a writer that started again from 0 would leave 10).
      assertEquals(20, HopStatements.appliedSeq(c));
      assertEquals(20, new HopHistory(db).count("conversations"));
    }
    try (Stream<Path> files = Files.list(dir.resolve("kabambe.journal"))) {
      assertEquals(0, files.filter(p -> p.toString().endsWith(".hops")).count());
    }
  }
}
