package org.kabambe.connectors.ussd;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;
import org.kabambe.connectors.http.BadFieldException;

/** Named fields of a JSON object body; ids sent as numbers are read as their digits. */
final class JsonFields {
  private final JsonObject json;

  private JsonFields(JsonObject json) {
    this.json = json;
  }

  /** The body as a JSON object, or a 400 when it is not one. */
  static JsonFields of(Buffer body) {
    Object value;
    try {
      value = body.length() == 0 ? null : Buffer.buffer(body.getBytes()).toJsonValue();
    } catch (RuntimeException e) {
      throw new BadFieldException("body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new BadFieldException("body must be a JSON object");
    }
    return new JsonFields(object);
  }

  /** The field as text (strings as they are, numbers as written), or a 400 naming it. */
  String required(String name) {
    return optional(name).orElseThrow(() -> BadFieldException.missing(name));
  }

  /** The field as text when present and not null. */
  Optional<String> optional(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text) {
      return Optional.of(text);
    }
    if (value instanceof Number number) {
      // MSISDNs and session ids sometimes arrive as JSON numbers: keep every digit, no exponent, no ".0".
      return Optional.of(new BigDecimal(number.toString()).toPlainString());
    }
    throw new BadFieldException("field '" + name + "' must be a string");
  }

  String orEmpty(String name) {
    return optional(name).orElse("");
  }

  /** The field as a boolean ({@code true}/{@code false}, or those words as strings), or a 400 naming it. */
  boolean requiredFlag(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      throw BadFieldException.missing(name);
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof String text) {
      return Flags.parse(text, name);
    }
    throw new BadFieldException("field '" + name + "' must be true or false");
  }
}
