package org.kabambe.flow.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kabambe.expr.ValueType;

/** The contact fields of a programme, plus the built-in {@code phone}, {@code language} and {@code groups}. */
public record ContactFields(Map<String, ContactField> declared) {
  public static final ContactFields NONE = new ContactFields(Map.of());

  public ContactFields {
    declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
  }

  /** Every name a flow can read as {@code contact.NAME}, with its type. */
  public Map<String, ValueType> scope() {
    var m = new LinkedHashMap<String, ValueType>();
    m.put("phone", ValueType.TEXT);
    m.put("language", ValueType.TEXT);
    m.put("groups", ValueType.TEXT_LIST);
    declared.forEach((k, v) -> m.put(k, v.type()));
    return m;
  }
}
