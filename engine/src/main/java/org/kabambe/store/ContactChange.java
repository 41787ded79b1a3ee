package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hop changes about a contact: it was seen (the row is created on first contact), and optionally its
 * language and opt-out state. Written in the hop's transaction, so an opt-out is durable before it is confirmed.
 */
public record ContactChange(String phone, Instant at, Optional<String> language, Optional<Boolean> optedOut) {
  public ContactChange {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(optedOut, "optedOut");
  }

  /** The contact was seen, nothing else changed. */
  public static ContactChange seen(String phone, Instant at) {
    return new ContactChange(phone, at, Optional.empty(), Optional.empty());
  }

  public ContactChange language(String lang) {
    return new ContactChange(phone, at, Optional.of(lang), optedOut);
  }

  public ContactChange optedOut(boolean out) {
    return new ContactChange(phone, at, language, Optional.of(out));
  }
}
