package org.kabambe.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kabambe.conversation.SampleConversations;

class UssdSessionCodecTest {
  @Test
  void stateRoundTripsWithItsRecentSessions() {
    var s = new UssdSession(Optional.of(SampleConversations.typical("+265991234567")), "africastalking", "ATs3",
        "1*2", "Your age?", false, true, List.of(7, -3, 42), "seq-4",
        Instant.parse("2026-03-02T08:00:01.250Z"));
    byte[] bytes = UssdSessionCodec.encode(s);
    assertEquals(UssdSessionCodec.VERSION, bytes[0]);
    assertEquals(s, UssdSessionCodec.decode(bytes));
  }

  /** A conversation-less state as version 1 wrote it (before the recent sessions and hop ids were kept). */
  static final String NO_CONVERSATION_V1 =
      "01000e6166726963617374616c6b696e6700044154733100000003312a3200000009596f7572206167653f0001ffffffff";

  @Test
  void stateWrittenByVersion1IsStillRead() {
    UssdSession s = UssdSessionCodec.decode(HexFormat.of().parseHex(NO_CONVERSATION_V1));
    assertEquals(new UssdSession(Optional.empty(), "africastalking", "ATs1", "1*2", "Your age?", false, true,
        List.of(), "", Instant.EPOCH), s);
  }

  /** The same state as version 2 wrote it, with one recent session (before the last hop's id and time were kept). */
  static final String NO_CONVERSATION_V2 =
      "02000e6166726963617374616c6b696e6700044154733100000003312a3200000009596f7572206167653f0001010000002affffffff";

  @Test
  void stateWrittenByVersion2IsStillRead() {
    UssdSession s = UssdSessionCodec.decode(HexFormat.of().parseHex(NO_CONVERSATION_V2));
    assertEquals(new UssdSession(Optional.empty(), "africastalking", "ATs1", "1*2", "Your age?", false, true,
        List.of(42), "", Instant.EPOCH), s);
  }

  @Test
  void recentSessionsAreBoundedAndTellReplacedFromUnknown() {
    UssdSession s = UssdSession.NONE;
    for (int i = 1; i <= 12; i++) {
      List<Integer> recent = s.recentWith("africastalking", "s" + i);
      s = new UssdSession(Optional.empty(), "africastalking", "s" + i, "", "x", false, false, recent, "",
          Instant.EPOCH);
    }
    assertEquals(UssdSession.RECENT_SESSIONS, s.recentSessions().size());
    assertTrue(s.isReplaced("africastalking", "s11"));
    assertTrue(s.isReplaced("africastalking", "s5"));
    assertFalse(s.isReplaced("africastalking", "s12"), "the current session");
    assertFalse(s.isReplaced("africastalking", "s4"), "beyond the bound: forgotten");
    assertFalse(s.isReplaced("hubtel", "s11"), "session ids are per gateway");
    assertEquals(s.recentSessions(), s.recentWith("africastalking", "s12"), "the current session is not repeated");
  }
}
