package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kabambe.testing.TestDatabases;

/**
 * A hop writes its conversation only at the version it read: a hop decided from a stale state (another node moved
 * the conversation on) writes none of its rows, while the hops batched with it commit.
 */
@Tag("database")
class ConversationVersionsTest {
  private static final Instant AT = Instant.parse("2026-01-05T08:00:00Z");

  /** A hop of {@code phone} storing {@code state}, with one answer whose value names the hop. */
  static HopWrite hop(String phone, String state, long expected, long next) {
    var row = new ConversationRow(phone, "ussd", "survey", state.getBytes(StandardCharsets.UTF_8), AT, AT, false)
        .expecting(expected, next);
    var answer = AnswerRow.of("s1", phone, "ussd", "survey", "h1", "q", "q", state, AT);
    var event = new EventRow(AT, "answer", phone, "ussd", "survey", "h1", "q", "");
    return HopWrite.of(row, List.of(answer), List.of(event), List.of(new OutboxRow(phone, state, AT, "flow")));
  }

  @Test
  void aStaleHopWritesNothingWhileItsBatchmatesCommit() throws Exception {
    try (var db = TestDatabases.open(); Connection c = db.connection();
         var statements = new HopStatements(c, db.dialect())) {
      c.setAutoCommit(false);
      statements.write(List.of(hop("+1", "one", ConversationRow.ABSENT, 40)));
      c.commit();

      // One batch: a hop decided at version 39 (stale), a new number, and a hop at the stored version 40.
      HopStatements.Written w = statements.write(List.of(hop("+1", "stale", 39, 40), hop("+2", "two",
          ConversationRow.ABSENT, 7), hop("+3", "absent-expected-present", 5, 6)));
      c.commit();
      assertEquals(bits(0, 2), w.moved());

      statements.write(List.of(hop("+2", "again-new", ConversationRow.ABSENT, 9)));
      c.commit();
      HopStatements.Written next = statements.write(List.of(hop("+1", "one-two", 40, 41)));
      c.commit();
      assertEquals(new BitSet(), next.moved());

      var records = new HopHistory(db);
      assertEquals(List.of("one", "one-two"), values(records, "+1"));
      assertEquals(List.of("two"), values(records, "+2"));
      assertEquals(List.of(), values(records, "+3"));
      assertEquals(2, records.eventsOf("+1").size());
      assertEquals(List.of("one", "one-two"), records.outboxOf("+1").stream().map(OutboxRow::text).toList());
      assertStored(c, "+1", "one-two", 41);
      assertStored(c, "+2", "two", 7);
    }
  }

  @Test
  void theWriterFailsAStaleHopWithConversationMovedAndWritesNoneOfIt() throws Exception {
    try (var db = TestDatabases.open(); var writer = GroupCommitWriter.start(db)) {
      writer.submit(hop("+5", "first", ConversationRow.ABSENT, 100)).get(10, TimeUnit.SECONDS);
      writer.submit(hop("+5", "second", 100, 101)).get(10, TimeUnit.SECONDS);
      var stale = assertThrows(ExecutionException.class,
          () -> writer.submit(hop("+5", "from-a-stale-cache", 100, 101)).get(10, TimeUnit.SECONDS));
      assertInstanceOf(ConversationMovedException.class, stale.getCause());
      var twice = assertThrows(ExecutionException.class,
          () -> writer.submit(hop("+5", "new-again", ConversationRow.ABSENT, 3)).get(10, TimeUnit.SECONDS));
      assertInstanceOf(ConversationMovedException.class, twice.getCause());
      assertEquals(List.of("first", "second"), values(new HopHistory(db), "+5"));
      try (Connection c = db.connection()) {
        assertStored(c, "+5", "second", 101);
      }
    }
  }

  static List<String> values(HopHistory records, String phone) {
    return records.answersOf(phone).stream().map(AnswerRow::valueText).toList();
  }

  static void assertStored(Connection c, String phone, String state, long version) throws SQLException {
    try (var s = c.prepareStatement("SELECT state, version FROM conversations WHERE phone = ?")) {
      s.setString(1, phone);
      try (var rs = s.executeQuery()) {
        rs.next();
        assertArrayEquals(state.getBytes(StandardCharsets.UTF_8), rs.getBytes(1), phone);
        assertEquals(version, rs.getLong(2), phone);
      }
    }
  }

  private static BitSet bits(int... set) {
    var b = new BitSet();
    for (int i : set) b.set(i);
    return b;
  }
}
