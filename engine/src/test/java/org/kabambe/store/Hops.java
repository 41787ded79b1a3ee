package org.kabambe.store;

import java.time.Instant;
import java.util.List;
import org.kabambe.conversation.ConversationCodec;
import org.kabambe.conversation.SampleConversations;

/** Realistic hop writes for tests: four rows a hop (conversation, one answer, two events), keyed by number. */
final class Hops {
  private Hops() {}

  static String phone(int i) {
    return "+2659" + String.format("%08d", i);
  }

  static HopWrite typical(int i) {
    String phone = phone(i);
    Instant at = Instant.parse("2025-01-02T08:00:00Z").plusMillis(i);
    var conversation = ConversationCodec.row(SampleConversations.typical(phone));
    var answer = AnswerRow.of("s-" + i, phone, "ussd", "register", "a1b2c3d4", "ask_age", "age", (double) (i % 90),
        at);
    var shown = new EventRow(at, "node_shown", phone, "ussd", "register", "a1b2c3d4", "ask_district", "");
    var answered = new EventRow(at, "answer", phone, "ussd", "register", "a1b2c3d4", "ask_age", "");
    return HopWrite.of(conversation, List.of(answer), List.of(shown, answered), List.of());
  }

  /** How many conversations {@link #versioned} moves on (HopWriterProcess's "versions" mode). */
  static final int VERSIONED_PHONES = 40;

  /**
   * The hop that moves conversation {@code i} from {@code expected} to {@code next}, with one answer: the stored
   * version and the phone's answer count are equal in every consistent file.
   */
  static HopWrite versioned(int i, long expected, long next) {
    String phone = phone(i);
    Instant at = Instant.parse("2025-01-02T08:00:00Z").plusSeconds(next);
    var conversation = ConversationCodec.row(SampleConversations.typical(phone)).expecting(expected, next);
    var answer = AnswerRow.of("s-" + i, phone, "ussd", "register", "a1b2c3d4", "ask_age", "q" + next, (double) next, at);
    var event = new EventRow(at, "answer", phone, "ussd", "register", "a1b2c3d4", "ask_age", "");
    return HopWrite.of(conversation, List.of(answer), List.of(event), List.of());
  }

  /** A hop whose event type is longer than its column allows, so the database refuses it. */
  static HopWrite poison(int i) {
    HopWrite hop = typical(i);
    var bad = new EventRow(Instant.now(), "x".repeat(100), phone(i), "ussd", "register", "", "", "");
    return new HopWrite(hop.conversation(), hop.answers(), List.of(bad), hop.outbox());
  }
}
