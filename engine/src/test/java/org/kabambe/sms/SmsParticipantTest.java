package org.kabambe.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kabambe.conversation.SampleConversations;

class SmsParticipantTest {
  /** An opted-out Swahili speaker with no conversation, as version 1 has always written it (cached bytes). */
  static final String OPTED_OUT_NO_CONVERSATION = "01010002737700ffffffff";

  @Test
  void aParticipantWithAConversationRoundTrips() {
    var p = new SmsParticipant(false, "ny", Optional.of(SampleConversations.typical("+265991234567")), true);
    assertEquals(p, SmsParticipant.decode(p.encode()));
  }

  @Test
  void theStoredFormatIsUnchanged() {
    var p = new SmsParticipant(true, "sw", Optional.empty(), false);
    assertEquals(OPTED_OUT_NO_CONVERSATION, HexFormat.of().formatHex(p.encode()));
    assertEquals(p, SmsParticipant.decode(HexFormat.of().parseHex(OPTED_OUT_NO_CONVERSATION)));
  }

  @Test
  void noBytesIsANewParticipant() {
    assertEquals(SmsParticipant.NEW, SmsParticipant.decode(new byte[0]));
  }
}
