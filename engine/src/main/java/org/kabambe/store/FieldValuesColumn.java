package org.kabambe.store;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of a contact's field values ({@code contacts.field_values}): a JSON object, numbers as numbers,
 * dates as {@code yyyy-mm-dd}, text as text (cut at {@link #MAX_TEXT}), choices as an array. Values come in their
 * Java forms (String, Number, LocalDate, List); {@code contact.FieldValues} types them back by the declared fields.
 */
public final class FieldValuesColumn {
  /** Longest text value kept; a free-text answer must not grow a contact row without bound. */
  public static final int MAX_TEXT = 1000;

  private FieldValuesColumn() {}

  /** {@code stored} (empty for none) with {@code updates} applied. */
  public static String merge(Optional<String> stored, Map<String, Object> updates) {
    JsonObject json = stored.map(FieldValuesColumn::parse).orElseGet(JsonObject::new);
    updates.forEach((name, value) -> json.put(name, storable(value)));
    return json.encode();
  }

  /** The stored JSON object; empty for a damaged value, which must not stop the contact from being served. */
  public static JsonObject parse(String stored) {
    try {
      return new JsonObject(stored);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  private static Object storable(Object value) {
    if (value instanceof LocalDate d) return d.toString();
    if (value instanceof String s) return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    if (value instanceof Number n) return n.doubleValue();
    if (value instanceof List<?> l) return new JsonArray(List.copyOf(l));
    return value;
  }
}
