package org.kabambe.translation.po;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.DidYouMean;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Template;
import org.kabambe.translation.TranslatableText;
import org.kabambe.translation.TranslationRecord;

/**
 * Brings a translated PO file back into the flows. Every entry is checked first (its source text unchanged since
 * export, its insertions the source's, its length within the text's budget), then the edited files are loaded
 * and validated as a whole programme in a scratch copy; only when nothing is wrong is anything written, so a
 * refused import leaves the flows as they were.
 */
public final class PoImport {
  /** Something to tell the person importing: an error refuses the whole import, a note does not. */
  public record Finding(boolean error, String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  /** What an import would do: the files' new contents (by path), the new record, and what it found. */
  public record Plan(List<Finding> findings, Map<Path, String> files, TranslationRecord record, int applied,
                     int changed) {
    public boolean refused() {
      return findings.stream().anyMatch(Finding::error);
    }
  }

  private PoImport() {}

  public static Plan plan(PoFile po, String poName, String language, List<TranslatableText> texts,
                          TranslationRecord record) throws IOException {
    Map<String, TranslatableText> byKey = new LinkedHashMap<>();
    texts.forEach(t -> byKey.put(t.key(), t));
    List<Finding> findings = new ArrayList<>();
    // Texts removed from the flows since the last import leave the record with this one.
    Map<String, String> sources = new HashMap<>(record.sources());
    sources.keySet().retainAll(byKey.keySet());
    Map<String, TranslationRecord.Pending> pending = new HashMap<>(record.pending());
    pending.keySet().retainAll(byKey.keySet());
    Map<String, YamlTextEditor> editors = new LinkedHashMap<>();
    int applied = 0;
    int changed = 0;
    Map<String, Integer> seen = new HashMap<>();
    for (PoEntry e : po.entries()) {
      String at = poName + ":" + e.line() + ": ";
      Integer first = seen.putIfAbsent(e.context(), e.line());
      if (first != null) {
        findings.add(new Finding(true, at + "error: '" + e.context() + "' is already translated at line " + first
            + "; keep one entry per msgctxt"));
        continue;
      }
      Optional<TranslatableText> found = e.msgctxt().map(byKey::get);
      if (found.isEmpty()) {
        findings.add(new Finding(false, at + "note: no text '" + e.context() + "' in the flows (removed or renamed"
            + " since the export?); skipped"));
        continue;
      }
      TranslatableText t = found.get();
      String where = t.key() + " (" + t.pos().file() + ":" + t.pos().line() + ")";
      if (!e.isTranslated()) continue;
      if (e.isFuzzy()) {
        findings.add(new Finding(false, at + "note: " + where + " is still marked fuzzy; not imported until the"
            + " translator clears the mark"));
        continue;
      }
      if (!e.msgid().equals(t.source())) { // the author changed the source after the export
        pending.put(t.key(), new TranslationRecord.Pending(e.msgid(), e.msgstr()));
        findings.add(new Finding(false, at + "note: " + where + ": the " + t.sourceLanguage() + " text changed"
            + " since this file was exported (now \"" + t.source() + "\"); not imported, the next export marks it"
            + " fuzzy for review"));
        continue;
      }
      List<String> problems = new ArrayList<>(insertionProblems(t.source(), e.msgstr()));
      t.budget().refusal(t.source(), e.msgstr()).ifPresent(problems::add);
      for (String p : problems) findings.add(new Finding(true, at + "error: " + where + ": " + p));
      if (!problems.isEmpty()) continue;
      YamlTextEditor editor = editors.get(t.pos().file());
      if (editor == null) {
        editor = new YamlTextEditor(Files.readString(Path.of(t.pos().file()), StandardCharsets.UTF_8));
        editors.put(t.pos().file(), editor);
      }
      if (editor.set(t.pos(), language, e.msgstr())) changed++;
      sources.put(t.key(), t.source());
      pending.remove(t.key());
      applied++;
    }
    Map<Path, String> files = new LinkedHashMap<>();
    editors.forEach((file, editor) -> {
      if (editor.hasEdits()) files.put(Path.of(file), editor.result());
    });
    return new Plan(findings, files, new TranslationRecord(language, sources, pending), applied, changed);
  }

  /** Insertions the translation drops, misspells or adds, compared with the source text's. */
  static List<String> insertionProblems(String source, String translation) {
    List<String> problems = new ArrayList<>();
    Diagnostics malformed = new Diagnostics();
    List<String> inTranslation = Template.parse(translation, SourcePos.UNKNOWN, malformed).paths();
    for (Diagnostic d : malformed.sorted()) problems.add("the translation has a broken insertion: " + d.message());
    List<String> inSource = Template.parse(source, SourcePos.UNKNOWN, new Diagnostics()).paths();
    List<String> missing = new ArrayList<>(inSource.stream().filter(p -> !inTranslation.contains(p)).toList());
    for (String extra : inTranslation) {
      if (inSource.contains(extra)) continue;
      Optional<String> meant = DidYouMean.closest(extra, missing);
      if (meant.isPresent()) {
        missing.remove(meant.get());
        problems.add("{{ " + extra + " }} is not in the source text; did you mean {{ " + meant.get() + " }}?");
      } else {
        problems.add("{{ " + extra + " }} is not in the source text"
            + (inSource.isEmpty() ? ", which has no insertions" : "; it inserts only " + braces(inSource)));
      }
    }
    for (String m : missing) problems.add("the translation leaves out {{ " + m + " }}; keep it as written");
    return problems;
  }

  private static String braces(List<String> paths) {
    return String.join(", ", paths.stream().map(p -> "{{ " + p + " }}").toList());
  }

  /**
   * Loads the programme as it would be after the import, from a scratch copy of {@code flowsDir} with the edited
   * files in place, and returns its errors named after the real files. The flows themselves are not touched.
   */
  public static List<String> validate(Path flowsDir, Map<Path, String> files) throws IOException {
    Path scratch = Files.createTempDirectory("kabambe-import");
    try {
      Path base = flowsDir.toAbsolutePath().normalize();
      copyProgramme(base, scratch);
      for (var f : files.entrySet()) {
        Path target = scratch.resolve(base.relativize(f.getKey().toAbsolutePath().normalize()));
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
      }
      Catalog after = CatalogLoader.forTranslators().load(List.of(scratch));
      return after.diagnostics().stream().filter(Diagnostic::isError)
          .map(d -> d.toString().replace(scratch.toString(), flowsDir.toString())).toList();
    } finally {
      deleteTree(scratch);
    }
  }

  /** Writes each file whole through a temporary sibling, then the record. */
  public static void write(Path flowsDir, Plan plan) throws IOException {
    for (var f : plan.files().entrySet()) replace(f.getKey(), f.getValue());
    Path record = TranslationRecord.file(flowsDir, plan.record().language());
    Files.createDirectories(record.getParent());
    replace(record, plan.record().toYaml());
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".import");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The folder's YAML files and its campaigns/ folder: what the loader reads (tests/ and the rest are not). */
  private static void copyProgramme(Path from, Path to) throws IOException {
    for (Path dir : List.of(from, from.resolve("campaigns"))) {
      if (!Files.isDirectory(dir)) continue;
      Path target = to.resolve(from.relativize(dir));
      Files.createDirectories(target);
      try (Stream<Path> children = Files.list(dir)) {
        for (Path p : children.filter(Files::isRegularFile).toList()) {
          Files.copy(p, target.resolve(p.getFileName()));
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
