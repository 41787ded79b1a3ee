package org.kabambe.contact;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.store.FieldValuesColumn;

/**
 * A contact's stored field values ({@link FieldValuesColumn}) read back against the declared fields, so a value that
 * no longer fits its field (fields.yaml changed) is left out rather than handed to a flow as the wrong type.
 */
public final class FieldValues {
  /** Longest text value kept; a free-text answer must not grow a contact row without bound. */
  public static final int MAX_TEXT = FieldValuesColumn.MAX_TEXT;

  private FieldValues() {}

  /** The declared fields' values found in {@code stored}, typed by {@code declared}. */
  public static Map<String, Object> decode(Optional<String> stored, ContactFields declared) {
    if (stored.isEmpty() || declared.declared().isEmpty()) return Map.of();
    JsonObject json = FieldValuesColumn.parse(stored.get());
    var out = new LinkedHashMap<String, Object>();
    for (ContactField f : declared.declared().values()) {
      Object raw = json.getValue(f.name());
      if (raw != null) typed(raw, f.type()).ifPresent(v -> out.put(f.name(), v));
    }
    return out;
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
}
