package org.kabambe.connectors.ussd;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Named text fields from a query string or a form body, decoded strictly; a repeated name keeps its first value. */
final class TextFields {
  private final Map<String, String> values;

  private TextFields(Map<String, String> values) {
    this.values = values;
  }

  /** Fields of a raw (still encoded) query string. */
  static TextFields ofQuery(String rawQuery) {
    return parse(rawQuery);
  }

  /** Fields of an {@code application/x-www-form-urlencoded} body. */
  static TextFields ofForm(Buffer body) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString();
      return parse(text);
    } catch (CharacterCodingException e) {
      throw new BadFieldException("form body is not valid UTF-8");
    }
  }

  private static TextFields parse(String encoded) {
    Map<String, String> values = new HashMap<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
      String name = PercentDecoder.decode(rawName, rawName);
      values.putIfAbsent(name, PercentDecoder.decode(rawValue, name));
    }
    return new TextFields(values);
  }

  /** The field's value, which may be "", or a 400 naming it when absent. */
  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw BadFieldException.missing(name);
    }
    return value;
  }

  /** The field's value when present. */
  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The field's value, "" when absent. */
  String orEmpty(String name) {
    return values.getOrDefault(name, "");
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** A {@code true}/{@code false} field (case-insensitive), or a 400 naming it. */
  boolean requiredFlag(String name) {
    return Flags.parse(required(name), name);
  }
}
