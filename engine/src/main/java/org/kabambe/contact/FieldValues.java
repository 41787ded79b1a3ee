package org.kabambe.contact;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.program.ContactField;
import org.kabambe.flow.program.ContactFields;

/**
 * The stored form of a contact's field values ({@code contacts.field_values}): a JSON object, numbers as numbers,
 * dates as {@code yyyy-mm-dd}, text as text. Read back against the declared fields, so a value that no longer
 * fits its field (fields.yaml changed) is left out rather than handed to a flow as the wrong type.
 */
public final class FieldValues {
  /** Longest text value kept; a free-text answer must not grow a contact row without bound. */
  public static final int MAX_TEXT = 1000;

  private FieldValues() {}

  /** {@code stored} (empty for none) with {@code updates} applied; values in the Java forms of ValueType. */
  public static String merge(Optional<String> stored, Map<String, Object> updates) {
    JsonObject json = stored.map(FieldValues::parse).orElseGet(JsonObject::new);
    updates.forEach((name, value) -> json.put(name, storable(value)));
    return json.encode();
  }

  /** The declared fields' values found in {@code stored}, typed by {@code declared}. */
  public static Map<String, Object> decode(Optional<String> stored, ContactFields declared) {
    if (stored.isEmpty() || declared.declared().isEmpty()) return Map.of();
    JsonObject json = parse(stored.get());
    var out = new LinkedHashMap<String, Object>();
    for (ContactField f : declared.declared().values()) {
      Object raw = json.getValue(f.name());
      if (raw != null) typed(raw, f.type()).ifPresent(v -> out.put(f.name(), v));
    }
    return out;
  }

  private static Object storable(Object value) {
    if (value instanceof LocalDate d) return d.toString();
    if (value instanceof String s) return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    if (value instanceof Number n) return n.doubleValue();
    if (value instanceof List<?> l) return new io.vertx.core.json.JsonArray(List.copyOf(l));
    return value;
  }

  private static Optional<Object> typed(Object raw, ValueType type) {
    switch (type) {
      case NUMBER:
        return raw instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
      case DATE:
        if (!(raw instanceof String s)) return Optional.empty();
        try {
          return Optional.of(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      case TEXT:
        return raw instanceof String ? Optional.of(raw) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static JsonObject parse(String stored) {
    try {
      return new JsonObject(stored);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject(); // a damaged value must not stop the contact from being served
    }
  }
}
