package org.kabambe.runtime;

import org.kabambe.flow.settings.NavigationWords;

/**
 * Navigation words and their keys, per language and configurable: "98 More", "0 Back", "00 Home".
 * {@code showHome} adds "00 Home" to paged screens; the keys work whether shown or not.
 */
public record NavLabels(String more, String back, String home, boolean showHome) {
  public static final String MORE_KEY = "98";
  public static final String BACK_KEY = "0";
  public static final String HOME_KEY = "00";

  public static final NavLabels ENGLISH = new NavLabels("More", "Back", "Home", false);
  public static final NavLabels FRENCH = new NavLabels("Suite", "Retour", "Accueil", false);

  /** The programme's words for a language (flows/navigation.yaml), the engine's where it gives none. */
  public static NavLabels of(NavigationWords words, String language) {
    NavLabels base = forLanguage(language);
    var w = words.in(language);
    if (w.isEmpty()) return words.showHome() ? new NavLabels(base.more(), base.back(), base.home(), true) : base;
    return new NavLabels(w.get().more().orElse(base.more()), w.get().back().orElse(base.back()),
        w.get().home().orElse(base.home()), words.showHome());
  }

  /** Labels for a language code; English where none are configured. */
  public static NavLabels forLanguage(String language) {
    return switch (language) {
      case "fr" -> FRENCH;
      case "sw" -> new NavLabels("Zaidi", "Rudi", "Mwanzo", false);
      default -> ENGLISH;
    };
  }
}
