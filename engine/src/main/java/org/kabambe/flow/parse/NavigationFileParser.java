package org.kabambe.flow.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.settings.NavigationWords;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;

/**
 * Reads {@code flows/navigation.yaml}:
 * {@code navigation: {more: {en: More, fr: Suite}, back: {...}, home: {...}, show_home: false}}.
 */
public final class NavigationFileParser {
  private static final List<String> KEYS = List.of("more", "back", "home", "show_home");
  /** The longest navigation word: it shares a line with its key ("98 More") on every screen that pages. */
  public static final int MAX_WORD_LENGTH = 20;

  private NavigationFileParser() {}

  public static Optional<NavigationWords> parse(String file, byte[] bytes, Diagnostics diagnostics) {
    Diagnostics own = new Diagnostics();
    Optional<NavigationWords> words = SafeYamlReader.read(file, bytes, own).flatMap(NavigationFileParser::read);
    diagnostics.addAll(own.sorted());
    return own.hasErrors() ? Optional.empty() : words;
  }

  private static Optional<NavigationWords> read(YamlDocument doc) {
    Optional<YamlMap> root = doc.root("the navigation file").map().map(m -> m.describedAs("the navigation file"));
    if (root.isEmpty()) return Optional.empty();
    root.get().allowOnly(List.of("navigation"));
    Optional<YamlMap> nav = root.get().required("navigation").flatMap(YamlValue::map)
        .map(m -> m.describedAs("'navigation'"));
    if (nav.isEmpty()) return Optional.empty();
    nav.get().allowOnly(KEYS);
    Map<String, String[]> words = new HashMap<>();
    String[] keys = {"more", "back", "home"};
    for (int k = 0; k < keys.length; k++) {
      int index = k;
      nav.get().optional(keys[k]).flatMap(YamlValue::map).ifPresent(byLang -> {
        for (YamlEntry e : byLang.entries()) {
          e.value().text().ifPresent(t -> {
            if (t.isBlank() || t.length() > MAX_WORD_LENGTH) {
              e.value().error("a navigation word should be short (1 to " + MAX_WORD_LENGTH
                  + " characters), like 'More'");
            } else {
              words.computeIfAbsent(e.key(), l -> new String[3])[index] = t.strip();
            }
          });
        }
      });
    }
    boolean showHome = nav.get().optional("show_home").flatMap(YamlValue::bool).orElse(false);
    Map<String, NavigationWords.Words> out = new HashMap<>();
    words.forEach((lang, w) -> out.put(lang, new NavigationWords.Words(Optional.ofNullable(w[0]),
        Optional.ofNullable(w[1]), Optional.ofNullable(w[2]))));
    return Optional.of(new NavigationWords(out, showHome));
  }
}
