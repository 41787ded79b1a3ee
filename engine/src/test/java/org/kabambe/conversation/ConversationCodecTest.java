package org.kabambe.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.store.ConversationRow;

class ConversationCodecTest {
  @Test
  void storedRowCarriesTheEncodedConversationAndTheChannelIdTheStoreKnows() {
    Conversation c = SampleConversations.typical("+265991234567");
    ConversationRow row = ConversationCodec.row(c);
    assertEquals(c, ConversationCodec.decode(row.state()));
    assertEquals(Channel.USSD.id(), row.channel());
    assertEquals(c.flowId(), row.flowId());
    // The store cannot import runtime: its sweep's channel must stay the id SMS conversations are stored under.
    assertEquals(Channel.SMS.id(), ConversationRow.SMS_CHANNEL);
  }

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

  /** SampleConversations.typical("+265991234567") as version 1 wrote it (before strings were written once). */
  static final String TYPICAL_V1 = "010e2b32363539393132333435363700036e79010972656769737465720961316232633364340d"
      + "61736b5f646973747269637405096475655f646174650682bb02056e616d6501094368696b6f6e64690973796d70746f6d73070201"
      + "0666657665720106636f7567680461676502403b00000000000008636f6e73656e740501077669736974730306000000010b546861"
      + "6e6b20796f75211f576869636820646973747269637420646f20796f75206c69766520696e3f0301094c696c6f6e67776502094"
      + "26c616e7479726503065a6f6d626102030001020209646973747269637401065a6f6d6261076a6f696e656406fab802010f72656769"
      + "737465722f73706c69740101010972656769737465720961316232633364340861736b5f61676501056e616d6501094368696b6f6e"
      + "6469000001809eb2f70c0001b49fb2f70c959aef3a";

  @Test
  void stateWrittenByVersion1IsStillRead() {
    byte[] v1 = java.util.HexFormat.of().parseHex(TYPICAL_V1);
    assertEquals(1, v1[0]);
    assertEquals(SampleConversations.typical("+265991234567"), ConversationCodec.decode(v1));
  }

  @Test
  void aLongBackHistoryWritesEachStringOnce() {
    Conversation c = SampleConversations.survey("+254700000001", 12); // 12 earlier steps, each a whole stack
    byte[] bytes = ConversationCodec.encode(c);
    assertTrue(bytes.length < 800, "12 steps took " + bytes.length + " bytes (version 1 wrote 1,811)");
    assertEquals(c, ConversationCodec.decode(bytes));
  }

  @Test
  void aReferenceToNoEarlierStringIsRefused() {
    var c = new Conversation("+1", Channel.USSD, "en", List.of(), 0, 0, -1, Conversation.NO_PROMPT, List.of(),
        Map.of(), Map.of(), List.of(), false, Instant.EPOCH, Instant.EPOCH);
    byte[] bytes = ConversationCodec.encode(c);
    assertEquals(4, bytes[1], "the phone: a new string of 2 bytes");
    bytes[1] = 1; // now "the string number 43" ('+'), with none before it
    var e = assertThrows(IllegalArgumentException.class, () -> ConversationCodec.decode(bytes));
    assertTrue(e.getMessage().contains("refers to none"), e.getMessage());
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

  private static Conversation roundTrip(Conversation c) {
    byte[] bytes = ConversationCodec.encode(c);
    Conversation back = ConversationCodec.decode(bytes);
    assertEquals(bytes.length, ConversationCodec.encode(back).length, "re-encoding changed the size");
    return back;
  }
}
