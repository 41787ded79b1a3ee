package org.kabambe.translation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kabambe.catalog.Catalog;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.SourcePos;

/**
 * How far each language's translation is, per flow (campaign, navigation words): texts translated, and of those
 * outdated (made from a source text the author has changed since, per {@link TranslationRecord}). Feeds
 * {@code translations status} and the findings {@code validate} reports.
 */
public final class TranslationProgress {
  /** One cell of the status table. {@code done} counts translations that are there and not outdated. */
  public record Cell(String owner, String language, int total, int translated, int outdated) {
    public int done() {
      return translated - outdated;
    }

    public int percent() {
      return total == 0 ? 100 : (int) Math.floor(100.0 * done() / total);
    }
  }

  private final List<TranslatableText> texts;
  private final Map<String, TranslationRecord> records;

  public TranslationProgress(List<TranslatableText> texts, Map<String, TranslationRecord> records) {
    this.texts = List.copyOf(texts);
    this.records = Map.copyOf(records);
  }

  /** The progress of the programme in {@code flowsDir} (its records read from {@code translations/}). */
  public static TranslationProgress of(Path flowsDir, Catalog catalog) throws IOException {
    Map<String, TranslationRecord> records = new LinkedHashMap<>();
    for (String l : TranslationRecord.languages(flowsDir)) records.put(l, TranslationRecord.read(flowsDir, l));
    return new TranslationProgress(ProgrammeTexts.of(catalog, ProgrammeTexts.navigationFile(flowsDir)), records);
  }

  /** Every language written anywhere or being translated (has a record), sorted. */
  public List<String> languages() {
    var all = new TreeSet<String>(records.keySet());
    texts.forEach(t -> all.addAll(t.byLanguage().keySet()));
    return List.copyOf(all);
  }

  public List<String> owners() {
    return texts.stream().map(TranslatableText::owner).distinct().toList();
  }

  /** The cell of {@code owner} × {@code language}; total 0 when {@code language} is the owner's source. */
  public Cell cell(String owner, String language) {
    int total = 0, translated = 0, outdated = 0;
    for (TranslatableText t : texts) {
      if (!t.owner().equals(owner) || t.sourceLanguage().equals(language)) continue;
      total++;
      if (t.in(language).isEmpty()) continue;
      translated++;
      if (isOutdated(t, language)) outdated++;
    }
    return new Cell(owner, language, total, translated, outdated);
  }

  public boolean isSource(String owner, String language) {
    return texts.stream().anyMatch(t -> t.owner().equals(owner) && t.sourceLanguage().equals(language));
  }

  private boolean isOutdated(TranslatableText t, String language) {
    TranslationRecord r = records.get(language);
    return r != null && r.sourceOf(t.key()).filter(s -> !s.equals(t.source())).isPresent();
  }

  /**
   * What {@code validate} reports: each outdated translation (an error, or a warning where the flow has
   * {@code translation_fallback: true}), and per flow a language being translated (it has a record) that is
   * not complete yet (a warning).
   */
  public List<Diagnostic> findings() {
    List<Diagnostic> out = new ArrayList<>();
    for (var entry : records.entrySet()) {
      String language = entry.getKey();
      for (TranslatableText t : texts) {
        if (t.sourceLanguage().equals(language) || t.in(language).isEmpty() || !isOutdated(t, language)) continue;
        String was = entry.getValue().sourceOf(t.key()).orElseThrow();
        String message = "the " + language + " text of " + t.key() + " was translated from an older "
            + t.sourceLanguage() + " text (\"" + was + "\"); the " + t.sourceLanguage() + " text is now \""
            + t.source() + "\": export, have the fuzzy entry reviewed and import it";
        out.add(t.fallback() ? Diagnostic.warning(t.pos(), message + " (participants see the outdated translation"
            + " until then)") : Diagnostic.error(t.pos(), message + ", or set translation_fallback: true to make"
            + " this a warning"));
      }
      for (String owner : owners()) {
        Cell c = cell(owner, language);
        if (c.total() == 0 || c.translated() == c.total()) continue;
        SourcePos at = texts.stream().filter(t -> t.owner().equals(owner)).findFirst().orElseThrow().pos();
        out.add(Diagnostic.warning(new SourcePos(at.file(), 1, 1), owner + ": " + (c.total() - c.translated())
            + " of " + c.total() + " texts have no " + language + " translation yet (kabambe translations export"
            + " --lang " + language + " lists them)"));
      }
    }
    return out;
  }

  /**
   * The findings for a loaded flows folder ({@link #findings}); none when it has no translation records. The
   * loader adds them, so {@code validate} reports them with the rest.
   */
  public static List<Diagnostic> findings(Path flowsDir, Catalog catalog) {
    if (TranslationRecord.languages(flowsDir).isEmpty()) return List.of();
    try {
      return of(flowsDir, catalog).findings();
    } catch (IOException e) {
      return List.of(Diagnostic.error(new SourcePos(flowsDir.resolve("translations").toString(), 1, 1),
          "could not read the translation records: " + e.getMessage()));
    }
  }
}
