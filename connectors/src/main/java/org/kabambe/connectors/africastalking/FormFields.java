package org.kabambe.connectors.africastalking;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The fields of an {@code application/x-www-form-urlencoded} body; a repeated name keeps its first value. */
final class FormFields {
  /** A field is missing or the body cannot be decoded; the message names it and becomes the 400 body. */
  static final class BadForm extends RuntimeException {
    BadForm(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, String> values;

  private FormFields(Map<String, String> values) {
    this.values = values;
  }

  static FormFields parse(String body) {
    Map<String, String> values = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), "a field name");
      values.putIfAbsent(name, decode(equals < 0 ? "" : pair.substring(equals + 1), "field '" + name + "'"));
    }
    return new FormFields(values);
  }

  private static String decode(String raw, String what) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadForm("malformed percent-encoding in " + what);
    }
  }

  /** The value (possibly ""), or a {@link BadForm} naming the field. */
  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new BadForm("missing field '" + name + "'");
    }
    return value;
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
  }
}
