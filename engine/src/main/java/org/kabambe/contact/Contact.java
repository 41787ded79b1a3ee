package org.kabambe.contact;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One person, keyed by their E.164 number: language, groups, the values of the fields declared in
 * {@code fields.yaml} (in the Java forms of {@link org.kabambe.expr.ValueType}: String, Double, LocalDate),
 * opt-out state and consent time, and when they were first and last seen (empty for imported contacts that have
 * not been in touch yet).
 */
public record Contact(String phone, Optional<String> language, List<String> groups, Map<String, Object> fields,
                      boolean optedOut, Optional<Instant> consentedAt, Optional<Instant> firstSeen,
                      Optional<Instant> lastSeen) {
  public Contact {
    Objects.requireNonNull(phone, "phone");
    groups = List.copyOf(groups);
    fields = Map.copyOf(fields);
  }

  /** A number the engine has no record of. */
  public static Contact unknown(String phone) {
    return new Contact(phone, Optional.empty(), List.of(), Map.of(), false, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * What flows and segment conditions read as {@code contact.*}: the declared fields, {@code phone},
   * {@code groups}, and {@code language} (the stored one, else {@code sessionLanguage}).
   */
  public Map<String, Object> flowValues(String sessionLanguage) {
    var m = new HashMap<String, Object>(fields.size() + 3);
    m.putAll(fields);
    m.put("phone", phone);
    m.put("language", language.orElse(sessionLanguage));
    m.put("groups", groups);
    return m;
  }

  /** Whether the contact is in {@code group}. */
  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
