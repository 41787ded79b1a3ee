package org.kabambe.connectors.smpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kabambe.connectors.sms.SmsEncoding;

class Gsm7CodecTest {
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
