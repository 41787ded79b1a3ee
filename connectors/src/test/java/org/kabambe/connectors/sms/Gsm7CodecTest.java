package org.kabambe.connectors.sms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Gsm7CodecTest {
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
  void everyCharCostsWhatTheReferenceTableSays() {
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
      assertEquals(expected[c], Gsm7Codec.septetsOf((char) c), name);
    }
  }

  @Test
  void everyCharEncodesToAndDecodesFromItsReferenceCode() {
    for (int code = 0; code < REFERENCE_DEFAULT.length; code++) {
      if (REFERENCE_DEFAULT[code] >= 0) {
        String c = Character.toString(REFERENCE_DEFAULT[code]);
        assertArrayEquals(new byte[] {(byte) code}, Gsm7Codec.encode(c), "U+" + Integer.toHexString(c.charAt(0)));
        assertEquals(c, Gsm7Codec.decode(new byte[] {(byte) code}, 0, 1));
      }
    }
    int[] extensionCodes = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    for (int k = 0; k < REFERENCE_EXTENSION.length; k++) {
      assertArrayEquals(new byte[] {0x1B, (byte) extensionCodes[k]},
          Gsm7Codec.encode(Character.toString(REFERENCE_EXTENSION[k])));
    }
  }

  @Test
  void everyGsmCharacterRoundTripsAndCostsWhatSmsEncodingSays() {
    for (char c = 0; c < 0x2200; c++) {
      String s = String.valueOf(c);
      if (!SmsEncoding.isGsm7(s)) {
        char bad = c;
        assertThrows(IllegalArgumentException.class, () -> Gsm7Codec.encode(String.valueOf(bad)));
        continue;
      }
      byte[] septets = Gsm7Codec.encode(s);
      assertEquals(SmsEncoding.units(s), septets.length, "septets of U+" + Integer.toHexString(c));
      assertEquals(s, Gsm7Codec.decode(septets, 0, septets.length));
    }
  }

  @Test
  void extensionCharactersAreEscapedPerGsm0338() {
    assertArrayEquals(new byte[] {0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29},
        Gsm7Codec.encode("€[]{}"));
    assertArrayEquals(new byte[] {0x00, 0x01, 0x41, 0x61, 0x7F}, Gsm7Codec.encode("@£Aaà"));
  }

  @Test
  void decodingIsLenientWithWhatSmscsSend() {
    assertEquals("A", Gsm7Codec.decode(new byte[] {0x1B, 0x41}, 0, 2)); // unknown extension: the base character
    assertEquals("?", Gsm7Codec.decode(new byte[] {(byte) 0xE9}, 0, 1)); // not a septet
  }
}
