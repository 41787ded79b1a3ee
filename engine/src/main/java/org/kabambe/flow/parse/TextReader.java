package org.kabambe.flow.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kabambe.expr.Template;
import org.kabambe.flow.Text;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;

/**
 * Reads author text: a string (every language) or a map of one string per language. Whether every declared
 * language is present is the validator's check (it knows about {@code translation_fallback}).
 */
final class TextReader {
  private TextReader() {}

  static Optional<Text> read(YamlValue v) {
    if (v.isMap()) return v.map().flatMap(TextReader::perLanguage);
    if (v.isList()) {
      v.error(v.what() + " should be a text, or one text per language like {en: Hello, fr: Bonjour}; "
          + "it is a list");
      return Optional.empty();
    }
    return v.text().map(raw -> new Text(
        Map.of(Text.ANY_LANGUAGE, Template.parse(raw, v.pos(), v.document().diagnostics())), v.pos()));
  }

  private static Optional<Text> perLanguage(YamlMap m) {
    if (m.isEmpty()) {
      m.error(m.what() + " has no text; write a text or one per language like {en: Hello, fr: Bonjour}");
      return Optional.empty();
    }
    Map<String, Template> byLanguage = new LinkedHashMap<>();
    boolean ok = true;
    for (YamlEntry e : m.entries()) {
      YamlValue v = e.value().describedAs("the '" + e.key() + "' text of " + m.what());
      Optional<String> raw = v.text();
      if (raw.isEmpty()) {
        ok = false;
        continue;
      }
      byLanguage.put(e.key(), Template.parse(raw.get(), v.pos(), v.document().diagnostics()));
    }
    return ok ? Optional.of(new Text(byLanguage, m.pos())) : Optional.empty();
  }
}
