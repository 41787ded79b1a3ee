package org.kabambe.flow.parse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.flow.settings.GlobalKeywords.Purpose;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.input.WordFolding;

/**
 * Reads {@code flows/keywords.yaml}: {@code keywords: {stop: {en: [STOP, ...]}, help: ..., join: ...}}. A purpose
 * written here replaces the default words for that purpose; the others keep their defaults. Words are stored
 * folded, the form incoming SMS are compared in.
 */
public final class KeywordsFileParser {
  private static final List<String> PURPOSES = List.of("stop", "help", "join");

  private KeywordsFileParser() {}

  public static Optional<GlobalKeywords> parse(String file, byte[] bytes, Diagnostics diagnostics) {
    Diagnostics own = new Diagnostics();
    Optional<GlobalKeywords> keywords = SafeYamlReader.read(file, bytes, own).flatMap(KeywordsFileParser::read);
    diagnostics.addAll(own.sorted());
    return own.hasErrors() ? Optional.empty() : keywords;
  }

  private static Optional<GlobalKeywords> read(YamlDocument doc) {
    Optional<YamlMap> root = doc.root("the keywords file").map().map(m -> m.describedAs("the keywords file"));
    if (root.isEmpty()) return Optional.empty();
    root.get().allowOnly(List.of("keywords"));
    Optional<YamlMap> purposes = root.get().required("keywords").flatMap(YamlValue::map)
        .map(m -> m.describedAs("'keywords'"));
    if (purposes.isEmpty()) return Optional.empty();
    purposes.get().allowOnly(PURPOSES);
    Map<Purpose, Map<String, List<String>>> words = new EnumMap<>(Purpose.class);
    words.putAll(GlobalKeywords.DEFAULTS.words());
    for (YamlEntry e : purposes.get().entries()) {
      if (!PURPOSES.contains(e.key())) continue; // reported by allowOnly
      perLanguage(e.value()).ifPresent(w -> words.put(Purpose.valueOf(e.key().toUpperCase(Locale.ROOT)), w));
    }
    return Optional.of(new GlobalKeywords(words));
  }

  private static Optional<Map<String, List<String>>> perLanguage(YamlValue v) {
    Optional<YamlMap> m = v.map();
    if (m.isEmpty()) return Optional.empty();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (YamlEntry e : m.get().entries()) {
      List<String> folded = new ArrayList<>();
      e.value().list().ifPresent(items -> {
        for (YamlValue item : items) {
          item.text().ifPresent(word -> {
            String f = WordFolding.fold(word);
            if (f.isEmpty() || f.contains(" ")) {
              item.error("keyword '" + word + "' should be one word of letters or digits");
            } else if (!folded.contains(f)) {
              folded.add(f);
            }
          });
        }
      });
      out.put(e.key(), List.copyOf(folded));
    }
    return Optional.of(out);
  }
}
