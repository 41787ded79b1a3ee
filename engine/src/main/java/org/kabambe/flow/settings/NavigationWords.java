package org.kabambe.flow.settings;

import java.util.Map;
import java.util.Optional;

/**
 * The USSD navigation words per language ("98 More", "0 Back", "00 Home"), from {@code flows/navigation.yaml};
 * languages it does not name keep the engine's own words. {@code showHome} adds "00 Home" to screens that can go
 * back.
 */
public record NavigationWords(Map<String, Words> byLanguage, boolean showHome) {
  public static final NavigationWords DEFAULTS = new NavigationWords(Map.of(), false);

  public NavigationWords {
    byLanguage = Map.copyOf(byLanguage);
  }

  /** The words for one language; empty parts fall back to the engine's. */
  public record Words(Optional<String> more, Optional<String> back, Optional<String> home) {}

  public Optional<Words> in(String language) {
    return Optional.ofNullable(byLanguage.get(language));
  }
}
