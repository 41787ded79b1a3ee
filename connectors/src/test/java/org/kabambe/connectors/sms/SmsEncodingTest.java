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
  /**
   * Reference: the Unicode mapping of the GSM 03.38 default alphabet (GSM0338.TXT), code 0x00..0x7F in order;
   * -1 marks 0x1B, the escape to the extension table.
   */
  private static final int[] REFERENCE_DEFAULT = {
      0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8,
      0x000D, 0x00C5, 0x00E5, 0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398,
      0x039E, -1, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
      0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F, 0x0030, 0x0031, 0x0032, 0x0033, 0x0034,
      0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F, 0x00A1, 0x0041,
      0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E,
      0x004F, 0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x00C4,
      0x00D6, 0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068,
      0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075,
      0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0};
  /** Reference: the extension table (0x1B 0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65). */
  private static final int[] REFERENCE_EXTENSION = {
      0x000C, 0x005E, 0x007B, 0x007D, 0x005C, 0x005B, 0x007E, 0x005D, 0x007C, 0x20AC};

  @Test
  void everyCharMatchesTheReferenceTable() {
    assertEquals(128, REFERENCE_DEFAULT.length);
    int[] expected = new int[0x10000];
    for (int cp : REFERENCE_DEFAULT) {
      if (cp >= 0) {
        expected[cp] = 1;
      }
    }
    for (int cp : REFERENCE_EXTENSION) {
      expected[cp] = 2;
    }
    for (int c = 0; c < 0x10000; c++) {
      String name = "U+" + Integer.toHexString(c);
      assertEquals(expected[c], SmsEncoding.septetsOf((char) c), name);
    }
  }

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
    assertEquals(List.of("a".repeat(152), "a".repeat(152), "a"), SmsEncoding.split(gsm, SegmentLimits.CONCAT_16BIT_REF));
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
        int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
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
