package org.kabambe.connectors.smpp;

import java.nio.charset.StandardCharsets;
import org.kabambe.connectors.sms.Gsm7Codec;

/** Decodes an MO's user data by its data_coding: GSM-7 (unpacked), IA5/ASCII, Latin-1, UCS-2, or 8-bit. */
final class UserDataText {
  private UserDataText() {}

  static String decode(byte dataCoding, byte[] data, int offset, int length) {
    if (length <= 0) {
      return "";
    }
    return switch (alphabet(dataCoding & 0xFF)) {
      case GSM7 -> Gsm7Codec.decode(data, offset, length);
      case ASCII -> new String(data, offset, length, StandardCharsets.US_ASCII);
      case UCS2 -> new String(data, offset, length - (length % 2), StandardCharsets.UTF_16BE);
      case LATIN1 -> new String(data, offset, length, StandardCharsets.ISO_8859_1);
    };
  }

  private enum Alphabet { GSM7, ASCII, LATIN1, UCS2 }

  private static Alphabet alphabet(int dc) {
    if (dc == 0x01) {
      return Alphabet.ASCII;
    }
    if (dc == 0x03 || dc == 0x02 || dc == 0x04) {
      return Alphabet.LATIN1; // Latin-1, or 8-bit binary shown byte for byte
    }
    if (dc == 0x08) {
      return Alphabet.UCS2;
    }
    if ((dc & 0xC0) == 0x00) { // GSM 03.38 general data coding group: bits 3-2 select the alphabet
      return switch ((dc >> 2) & 0x03) {
        case 1 -> Alphabet.LATIN1;
        case 2 -> Alphabet.UCS2;
        default -> Alphabet.GSM7;
      };
    }
    if ((dc & 0xF0) == 0xF0) { // data coding / message class group
      return (dc & 0x04) != 0 ? Alphabet.LATIN1 : Alphabet.GSM7;
    }
    return Alphabet.GSM7;
  }
}
