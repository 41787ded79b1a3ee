package org.kabambe.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.junit.jupiter.api.Test;

class ConversationCodecTest {
  @Test
  void typicalConversationRoundTripsExactly() {
    Conversation c = SampleConversations.typical("+265991234567");
    assertEquals(c, roundTrip(c));
  }

  @Test
  void unicodeNestedWebhookValuesAndLongHistoryRoundTrip() {
    Conversation c = SampleConversations.awkward("+255700000001");
    Conversation back = roundTrip(c);
    assertEquals(c, back);
    assertEquals(50, back.history().size());
    assertEquals("🙂👍🏾 नमस्ते — Moni, muli bwanji? 你好", back.current().vars().get("emoji"));
  }

  @Test
  void emptyConversationRoundTrips() {
    var c = new Conversation("", Channel.USSD, "en", List.of(), 0, 0, -1, Conversation.NO_PROMPT, List.of(), Map.of(),
        Map.of(), List.of(), false, Instant.EPOCH, Instant.EPOCH);
    assertEquals(c, roundTrip(c));
  }

  @Test
  void typicalConversationIsCompact() {
    byte[] bytes = ConversationCodec.encode(SampleConversations.typical("+265991234567"));
    assertEquals(ConversationCodec.VERSION, bytes[0]);
    assertTrue(bytes.length < 400, "typical conversation took " + bytes.length + " bytes");
  }

  @Test
  void unknownVersionIsRefusedWithTheVersionNamed() {
    byte[] bytes = ConversationCodec.encode(SampleConversations.typical("+1"));
    bytes[0] = 99;
    var e = assertThrows(IllegalArgumentException.class, () -> ConversationCodec.decode(bytes));
    assertTrue(e.getMessage().contains("version 99"), e.getMessage());
  }

  @Test
  void truncatedStateIsRefused() {
    byte[] bytes = ConversationCodec.encode(SampleConversations.typical("+1"));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThrows(IllegalArgumentException.class, () -> ConversationCodec.decode(cut));
  }

  @Test
  void valueOfUnknownTypeNamesTheType() {
    var c = new Conversation("+1", Channel.USSD, "en", List.of(), 0, 0, -1, Conversation.NO_PROMPT, List.of(),
        Map.of("when", Instant.EPOCH), Map.of(), List.of(), false, Instant.EPOCH, Instant.EPOCH);
    var e = assertThrows(IllegalArgumentException.class, () -> ConversationCodec.encode(c));
    assertTrue(e.getMessage().contains("java.time.Instant"), e.getMessage());
  }

  @Test
  void encodeAndDecodeStayFast() {
    Conversation c = SampleConversations.typical("+265991234567");
    int rounds = 50_000;
    long sink = 0;
    long start = 0;
    for (int i = 0; i < 2 * rounds; i++) {
      if (i == rounds) {
        start = System.nanoTime(); // the first half warms up the JIT
      }
      byte[] bytes = ConversationCodec.encode(c);
      sink += ConversationCodec.decode(bytes).page() + bytes.length;
    }
    double micros = (System.nanoTime() - start) / 1000.0 / rounds;
    System.out.printf("codec: encode+decode %.2f µs per typical conversation (%d)%n", micros, sink);
    // Loose bound against regressions; the target is ~5 µs, measured well below on 2 cores.
    assertTrue(micros < 100, "encode+decode took " + micros + " µs");
  }

  private static Conversation roundTrip(Conversation c) {
    byte[] bytes = ConversationCodec.encode(c);
    Conversation back = ConversationCodec.decode(bytes);
    assertEquals(bytes.length, ConversationCodec.encode(back).length, "re-encoding changed the size");
    return back;
  }
}
