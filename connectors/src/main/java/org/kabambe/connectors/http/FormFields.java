package org.kabambe.connectors.http;

import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The named fields of a query string or an {@code application/x-www-form-urlencoded} body, the one decoder every
 * connector's form and query input goes through; a repeated name keeps its first value.
 *
 * <p>Decoding is strict, never lossy: a malformed escape ({@code %zz}, a truncated {@code %2}), percent-encoded
 * bytes that are not UTF-8, or a body whose raw bytes are not UTF-8 throw a {@link BadFieldException} naming the
 * field (or the body), which the routes answer with a 400. {@code java.net.URLDecoder} would turn bad UTF-8 into
 * U+FFFD and a participant's input would arrive changed without anyone knowing.
 */
public final class FormFields {
  private final Map<String, String> values;

  private FormFields(Map<String, String> values) {
    this.values = values;
  }

  /** Fields of a raw (still encoded) query string. */
  public static FormFields ofQuery(String rawQuery) {
    return parse(rawQuery);
  }

  /** Fields of an {@code application/x-www-form-urlencoded} body. */
  public static FormFields ofForm(Buffer body) {
    return parse(PercentDecoder.strictUtf8(body.getBytes(), "form body"));
  }

  private static FormFields parse(String encoded) {
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
    return new FormFields(values);
  }

  /** The field's value, which may be "", or a 400 naming it when absent. */
  public String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw BadFieldException.missing(name);
    }
    return value;
  }

  /** The field's value when present. */
  public Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The field's value, "" when absent. */
  public String orEmpty(String name) {
    return values.getOrDefault(name, "");
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }
}
