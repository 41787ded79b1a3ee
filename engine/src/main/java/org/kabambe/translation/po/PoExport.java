package org.kabambe.translation.po;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Template;
import org.kabambe.translation.TranslatableText;
import org.kabambe.translation.TranslationRecord;

/**
 * The programme's texts as a PO file for one language (or a POT template): msgid the source text, msgstr the
 * current translation, msgctxt the text's key, a {@code #:} reference and the text's budget for the translator.
 * A translation whose source has changed since it was imported comes out {@code #, fuzzy} with the old source
 * as {@code #| msgid}, as {@code msgmerge --previous} would mark it. No dates in the header: exporting twice
 * gives the same file.
 */
public final class PoExport {
  private PoExport() {}

  /** {@code language} empty: a template, every msgstr empty. */
  public static PoFile export(List<TranslatableText> texts, Optional<String> language, TranslationRecord record,
                              Path flowsDir) {
    List<PoEntry> entries = new ArrayList<>();
    for (TranslatableText t : texts) {
      if (language.isPresent() && language.get().equals(t.sourceLanguage())) continue;
      List<String> notes = new ArrayList<>();
      notes.add(t.budget().describe(t.source()));
      List<String> paths = Template.parse(t.source(), t.pos(), new Diagnostics()).paths();
      if (!paths.isEmpty()) {
        notes.add("Keep {{ ... }} as written (" + String.join(", ", paths) + "): filled in when the text is shown");
      }
      String msgstr = "";
      List<String> flags = new ArrayList<>();
      Optional<String> previous = Optional.empty();
      if (language.isPresent()) {
        Optional<String> current = t.in(language.get());
        Optional<TranslationRecord.Pending> pending = record.pendingOf(t.key());
        if (pending.isPresent()) { // refused at the last import because its source had changed: offer it back
          msgstr = pending.get().translation();
          previous = Optional.of(pending.get().source());
        } else if (current.isPresent()) {
          msgstr = current.get();
          previous = record.sourceOf(t.key()).filter(s -> !s.equals(t.source()));
        }
        if (previous.isPresent()) flags.add(PoEntry.FUZZY);
      }
      entries.add(new PoEntry(List.of(), notes, List.of(reference(t.pos(), flowsDir)), flags, previous,
          Optional.of(t.key()), t.source(), msgstr, 0));
    }
    return new PoFile(Optional.of(header(language)), entries);
  }

  private static PoEntry header(Optional<String> language) {
    String fields = "Project-Id-Version: kabambe flows\n"
        + "Language: " + language.orElse("") + "\n"
        + "MIME-Version: 1.0\n"
        + "Content-Type: text/plain; charset=UTF-8\n"
        + "Content-Transfer-Encoding: 8bit\n"
        + "X-Generator: kabambe translations export\n";
    List<String> comments = List.of(language.isPresent()
        ? "Kabambe programme texts in " + language.get() + ". Translate msgstr; keep msgctxt and msgid as they are."
        : "Kabambe programme texts: a template for a new language (kabambe translations export --template).");
    return new PoEntry(comments, List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), "", fields, 0);
  }

  /** {@code file:line}, the file relative to the flows folder (as gettext references are relative to a root). */
  static String reference(SourcePos pos, Path flowsDir) {
    Path file = Path.of(pos.file());
    Path base = flowsDir.toAbsolutePath().normalize();
    Path abs = file.toAbsolutePath().normalize();
    String name = abs.startsWith(base) ? base.relativize(abs).toString() : file.toString();
    return name.replace('\\', '/') + ":" + pos.line();
  }
}
