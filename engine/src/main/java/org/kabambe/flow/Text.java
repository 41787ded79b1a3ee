package org.kabambe.flow;

import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Template;

/**
 * Author text: either one string for every language (stored under {@link #ANY_LANGUAGE}) or one per language.
 */
public record Text(Map<String, Template> byLanguage, SourcePos pos) {
  public static final String ANY_LANGUAGE = "*";

  public Text {
    byLanguage = Map.copyOf(byLanguage);
  }

  /** The template for {@code language}, else the default language's, else the universal one. */
  public Template in(String language, String defaultLanguage) {
    Template t = byLanguage.get(language);
    if (t == null) t = byLanguage.get(ANY_LANGUAGE);
    if (t == null) t = byLanguage.get(defaultLanguage);
    if (t == null) t = byLanguage.values().iterator().next();
    return t;
  }

  public Optional<Template> exactly(String language) {
    Template t = byLanguage.get(language);
    if (t == null) t = byLanguage.get(ANY_LANGUAGE);
    return Optional.ofNullable(t);
  }

  public boolean isUniversal() {
    return byLanguage.containsKey(ANY_LANGUAGE);
  }
}
