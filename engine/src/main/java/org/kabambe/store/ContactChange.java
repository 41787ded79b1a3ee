package org.kabambe.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hop changes about a contact: it was seen (the row is created on first contact), and optionally its
 * language, opt-out state and field values (from a flow's {@code contact:} actions, type-checked at load; stored as
 * {@link FieldValuesColumn} says). Written in the hop's transaction, so an opt-out is durable before it is confirmed
 * and a field is durable before the next screen.
 */
public record ContactChange(String phone, Instant at, Optional<String> language, Optional<Boolean> optedOut,
                            Map<String, Object> fields) {
  public ContactChange {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(optedOut, "optedOut");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public ContactChange(String phone, Instant at, Optional<String> language, Optional<Boolean> optedOut) {
    this(phone, at, language, optedOut, Map.of());
  }

  /** The contact was seen, nothing else changed. */
  public static ContactChange seen(String phone, Instant at) {
    return new ContactChange(phone, at, Optional.empty(), Optional.empty());
  }

  public ContactChange language(String lang) {
    return new ContactChange(phone, at, Optional.of(lang), optedOut, fields);
  }

  public ContactChange optedOut(boolean out) {
    return new ContactChange(phone, at, language, Optional.of(out), fields);
  }

  /** The same change also setting a declared field (a later value for the same field wins). */
  public ContactChange field(String name, Object value) {
    var m = new LinkedHashMap<>(fields);
    m.put(name, value);
    return new ContactChange(phone, at, language, optedOut, m);
  }

  /** This change followed by {@code later}: its language, opt-out and fields win where it has them. */
  public ContactChange then(ContactChange later) {
    var m = new LinkedHashMap<>(fields);
    m.putAll(later.fields);
    return new ContactChange(phone, at, later.language.or(() -> language), later.optedOut.or(() -> optedOut), m);
  }

  /** Whether anything flows read changed (not only "seen"). */
  public boolean changesWhatFlowsRead() {
    return language.isPresent() || optedOut.isPresent() || !fields.isEmpty();
  }
}
