package org.kabambe.connectors.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsEncodingTest {
  @ParameterizedTest
  @ValueSource(strings = {"\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"})
  void everyExtensionCharCostsTwoSeptets(String c) {
    assertTrue(SmsEncoding.isGsm7(c));
    assertEquals(new TextCost(Encoding.GSM7, 2, 1), SmsEncoding.cost(c));
    assertEquals(Encoding.GSM7, SmsEncoding.encodingOf("price " + c));
    assertEquals(8, SmsEncoding.units("price " + c));
  }

  @Test
  void accentsFollowTheStandardNotIntuition() {
    assertTrue(SmsEncoding.isGsm7("é è ù ì ò à É Ç Ä Ö Ñ Ü ä ö ñ ü ß ¿ ¡ £ ¥ § ¤ Δ Ω"));
    assertFalse(SmsEncoding.isGsm7("ç"), "lower-case c cedilla is not in GSM 03.38");
    assertFalse(SmsEncoding.isGsm7("ê"));
    assertFalse(SmsEncoding.isGsm7("`"), "the backtick is not in GSM 03.38");
    assertFalse(SmsEncoding.isGsm7("\u001B"), "the escape code itself is not a character");
    assertFalse(SmsEncoding.isGsm7("á"));
  }

  @Test
  void nonLatinScriptsAndEmojiAreUcs2() {
    String amharic = "ሰላም እንዴት ነህ";
    String arabic = "مرحبا كيف حالك";
    assertEquals(new TextCost(Encoding.UCS2, amharic.length(), 1), SmsEncoding.cost(amharic));
    assertEquals(Encoding.UCS2, SmsEncoding.encodingOf(arabic));
    assertEquals(arabic.length(), SmsEncoding.units(arabic));
    assertEquals(new TextCost(Encoding.UCS2, 4, 1), SmsEncoding.cost("k 👍"));
    // One non-GSM char makes the whole text UCS-2, so extension chars cost 1 unit there.
    assertEquals(new TextCost(Encoding.UCS2, 3, 1), SmsEncoding.cost("€[ç"));
  }

  @Test
  void emptyTextIsZeroUnitsAndOneSegment() {
    assertEquals(new TextCost(Encoding.GSM7, 0, 1), SmsEncoding.cost(""));
    assertEquals(List.of(""), SmsEncoding.split(""));
    assertTrue(SmsEncoding.isGsm7(""));
  }

  @Test
  void gsm7Boundaries() {
    assertEquals(1, SmsEncoding.cost("a".repeat(160)).segments());
    assertEquals(2, SmsEncoding.cost("a".repeat(161)).segments());
    assertEquals(2, SmsEncoding.cost("a".repeat(153 * 2)).segments());
    assertEquals(3, SmsEncoding.cost("a".repeat(153 * 2 + 1)).segments());
    assertEquals(List.of("a".repeat(153), "a".repeat(153)), SmsEncoding.split("a".repeat(306)));
    // 80 extension chars are 160 septets: still one message; one more char needs two.
    assertEquals(new TextCost(Encoding.GSM7, 160, 1), SmsEncoding.cost("€".repeat(80)));
    assertEquals(new TextCost(Encoding.GSM7, 161, 2), SmsEncoding.cost("€".repeat(80) + "a"));
  }

  @Test
  void ucs2Boundaries() {
    assertEquals(1, SmsEncoding.cost("ç".repeat(70)).segments());
    assertEquals(2, SmsEncoding.cost("ç".repeat(71)).segments());
    assertEquals(2, SmsEncoding.cost("ç".repeat(67 * 2)).segments());
    assertEquals(3, SmsEncoding.cost("ç".repeat(67 * 2 + 1)).segments());
    assertEquals(List.of("ç".repeat(67), "ç".repeat(4)), SmsEncoding.split("ç".repeat(71)));
  }

  @Test
  void escapePairAtAPartBoundaryMovesWhole() {
    // 152 septets, then € would need septets 153 and 154: it must start the second part.
    String text = "a".repeat(152) + "€" + "b".repeat(10);
    List<String> parts = SmsEncoding.split(text);
    assertEquals(List.of("a".repeat(152), "€" + "b".repeat(10)), parts);
    assertEquals(2, SmsEncoding.cost(text).segments());
  }

  @Test
  void surrogatePairAtAPartBoundaryMovesWhole() {
    String emoji = "😀";
    String text = "ç".repeat(66) + emoji + "ç".repeat(66);
    List<String> parts = SmsEncoding.split(text);
    assertEquals(List.of("ç".repeat(66), emoji + "ç".repeat(65), "ç"), parts);
    // ceil(134 / 67) would say 2: the moved pair costs a third segment, and cost must agree with split.
    assertEquals(new TextCost(Encoding.UCS2, 134, 3), SmsEncoding.cost(text));
  }

  @Test
  void sixteenBitReferenceLimits() {
    String gsm = "a".repeat(305);
    assertEquals(List.of("a".repeat(152), "a".repeat(152), "a"),
        SmsEncoding.split(gsm, SegmentLimits.CONCAT_16BIT_REF));
    assertEquals(3, SmsEncoding.cost(gsm, SegmentLimits.CONCAT_16BIT_REF).segments());
    assertEquals(2, SmsEncoding.cost("ç".repeat(132), SegmentLimits.CONCAT_16BIT_REF).segments());
    assertEquals(3, SmsEncoding.cost("ç".repeat(133), SegmentLimits.CONCAT_16BIT_REF).segments());
  }

  @Test
  void randomTextsSplitIntoPartsThatFitAndRejoin() {
    Random random = new Random(38);
    String alphabet = "abc €[]^{}|~\\\fçé😀ሰ";
    for (int round = 0; round < 2000; round++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(400);
      for (int i = 0; i < length; i++) {
        int pick = random.nextInt(alphabet.codePointCount(0, alphabet.length()));
        int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, pick));
        // Mostly GSM-7 texts, so that both encodings are exercised.
        if (round % 2 == 0 && SmsEncoding.septets(new String(Character.toChars(cp))) < 0) {
          cp = 'x';
        }
        sb.appendCodePoint(cp);
      }
      String text = sb.toString();
      for (SegmentLimits limits : List.of(SegmentLimits.CONCAT_8BIT_REF, SegmentLimits.CONCAT_16BIT_REF)) {
        List<String> parts = SmsEncoding.split(text, limits);
        assertEquals(text, String.join("", parts));
        TextCost cost = SmsEncoding.cost(text, limits);
        assertEquals(parts.size(), cost.segments(), text);
        int limit = parts.size() == 1 ? limits.single(cost.encoding()) : limits.part(cost.encoding());
        for (String part : parts) {
          int units = cost.encoding() == Encoding.GSM7 ? SmsEncoding.units(part) : part.length();
          assertTrue(units <= limit, () -> "part over " + limit + ": " + part);
          if (!part.isEmpty()) {
            assertFalse(Character.isLowSurrogate(part.charAt(0)), "surrogate pair split");
          }
        }
      }
    }
  }
}
