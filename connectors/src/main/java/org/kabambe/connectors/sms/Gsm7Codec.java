package org.kabambe.connectors.sms;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table, held once: what each character costs
 * in septets, and its encoding as SMPP carries it with data_coding 0x00 (one septet per octet, unpacked; the SMSC
 * packs septets for the air interface). Extension characters ({@code \f ^ { } \ [ ~ ] | €}) are the escape 0x1B
 * followed by their code. SMSCs (Kannel, Jasmin, most operators' platforms) expect unpacked octets over SMPP; a
 * bind that needs otherwise can use {@code encoding=ucs2}.
 */
public final class Gsm7Codec {
  private Gsm7Codec() {}

  static final int ESCAPE = 0x1B;

  /** Code points 0x00–0x7F; 0x1B (the escape) holds U+FFFF, a placeholder that is never taken as a character. */
  private static final String ALPHABET =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\uFFFFÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final char PLACEHOLDER = '\uFFFF';

  /** Extension table: character and the code that follows the escape. */
  private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
  private static final int[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

  private static final char EURO = '\u20AC';
  // Septets per char for every char up to Ω (0 = not GSM-7); € is the only GSM-7 char above, looked up apart.
  private static final byte[] SEPTETS = new byte['\u03A9' + 1];

  static {
    for (int code = 0; code < ALPHABET.length(); code++) {
      if (code != ESCAPE) {
        SEPTETS[ALPHABET.charAt(code)] = 1;
      }
    }
    for (int i = 0; i < EXTENSION_CHARS.length(); i++) {
      char c = EXTENSION_CHARS.charAt(i);
      if (c != EURO) {
        SEPTETS[c] = 2;
      }
    }
  }

  /** Septets the char costs in GSM-7: 1, 2 for the extension table, 0 when it is not GSM-7. */
  public static int septetsOf(char c) {
    if (c < SEPTETS.length) {
      return SEPTETS[c];
    }
    return c == EURO ? 2 : 0;
  }

  /**
   * Encodes a GSM-7 text into unpacked septets.
   *
   * @throws IllegalArgumentException when a character is not in GSM 03.38 (such texts go out as UCS-2)
   */
  public static byte[] encode(CharSequence text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int code = c == PLACEHOLDER ? -1 : ALPHABET.indexOf(c);
      if (code >= 0) {
        out.write(code);
        continue;
      }
      int ext = EXTENSION_CHARS.indexOf(c);
      if (ext < 0) {
        throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " at " + i
            + " is not in the GSM 03.38 alphabet");
      }
      out.write(ESCAPE);
      out.write(EXTENSION_CODES[ext]);
    }
    return out.toByteArray();
  }

  /**
   * Decodes unpacked septets. Per 3GPP TS 23.038 an escape followed by a code with no extension character shows
   * the default-alphabet character; a code above 0x7F (an SMSC sending Latin-1 by mistake) becomes '?'.
   */
  public static String decode(byte[] octets, int offset, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = offset, end = offset + length; i < end; i++) {
      int code = octets[i] & 0xFF;
      if (code == ESCAPE && i + 1 < end) {
        int next = octets[++i] & 0xFF;
        text.append(extension(next));
      } else if (code == ESCAPE) {
        text.append(' '); // a trailing lone escape: shown as a space, as handsets do
      } else {
        text.append(code < 0x80 ? ALPHABET.charAt(code) : '?');
      }
    }
    return text.toString();
  }

  private static char extension(int code) {
    for (int k = 0; k < EXTENSION_CODES.length; k++) {
      if (EXTENSION_CODES[k] == code) {
        return EXTENSION_CHARS.charAt(k);
      }
    }
    return code < 0x80 && code != ESCAPE ? ALPHABET.charAt(code) : '?';
  }
}
