package org.kabambe.connectors.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of {@code application/x-www-form-urlencoded} text: a bad escape or invalid UTF-8 is an error,
 * never a silent replacement character (the participant's input must arrive exactly or be refused).
 */
public final class PercentDecoder {
  private PercentDecoder() {}

  /** Decodes a form or query value, naming {@code field} in the exception when it is malformed. */
  public static String decode(String encoded, String field) {
    return decode(encoded, field, true);
  }

  /** Decodes one path segment, where {@code +} is itself; a malformed one comes back as it was. */
  public static String decodePathSegment(String encoded) {
    try {
      return decode(encoded, "path", false);
    } catch (BadFieldException e) {
      return encoded;
    }
  }

  private static String decode(String encoded, String field, boolean plusIsSpace) {
    if (encoded.indexOf('%') < 0 && (!plusIsSpace || encoded.indexOf('+') < 0)) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw malformed(field);
        }
        int high = Character.digit(encoded.charAt(i + 1), 16);
        int low = Character.digit(encoded.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw malformed(field);
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
          raw = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(raw, 0, raw.length);
      }
    }
    return strictUtf8(bytes.toByteArray(), "field '" + field + "'");
  }

  /** The bytes as UTF-8, or a {@link BadFieldException} saying {@code what} is not valid UTF-8. */
  static String strictUtf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadFieldException(what + " is not valid UTF-8");
    }
  }

  private static BadFieldException malformed(String field) {
    return new BadFieldException("malformed percent-encoding in field '" + field + "'");
  }
}
