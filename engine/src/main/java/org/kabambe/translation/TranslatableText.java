package org.kabambe.translation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;

/**
 * One text of the programme that translators translate: a flow's node text, option label, invalid text or SMS, a
 * campaign message, or a navigation word, written as one string per language.
 *
 * @param key            the stable PO {@code msgctxt}: {@code flow/node/field[/n]}, {@code campaign:id/message},
 *                       {@code navigation:more}
 * @param owner          what the status table groups it under: a flow id, {@code campaign:id}, {@code navigation}
 * @param pos            where its per-language map starts (what an import edits)
 * @param sourceLanguage the language translators translate from (the flow's or campaign's first)
 * @param byLanguage     the text as written, per language
 * @param fallback       whether its flow shows the source text where a translation is missing
 */
public record TranslatableText(String key, String owner, SourcePos pos, String sourceLanguage,
                               Map<String, String> byLanguage, TextBudget budget, boolean fallback) {
  public TranslatableText {
    byLanguage = Map.copyOf(byLanguage);
  }

  public String source() {
    return byLanguage.get(sourceLanguage);
  }

  public Optional<String> in(String language) {
    return Optional.ofNullable(byLanguage.get(language));
  }

  /** The languages it is written in, the source language excepted. */
  public List<String> translations() {
    return byLanguage.keySet().stream().filter(l -> !l.equals(sourceLanguage)).sorted().toList();
  }
}
