package org.kabambe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;
import org.kabambe.translation.ProgrammeTexts;
import org.kabambe.translation.TranslationProgress;
import org.kabambe.translation.TranslationRecord;
import org.kabambe.translation.po.PoExport;
import org.kabambe.translation.po.PoFile;
import org.kabambe.translation.po.PoImport;
import org.kabambe.translation.po.PoReader;
import org.kabambe.translation.po.PoSyntaxException;
import org.kabambe.translation.po.PoWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kabambe translations export|import|status}: the programme's texts out to gettext PO files and back. */
@Command(name = "translations", mixinStandardHelpOptions = true,
    description = "Translate the programme's texts in PO files (Poedit, Weblate, Crowdin): export, import, status.",
    subcommands = {TranslationsCommand.Export.class, TranslationsCommand.Import.class,
        TranslationsCommand.Status.class})
final class TranslationsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * The programme in {@code dir}, which must load without errors (a broken flow's texts would be missing), except
   * outdated translations: export and import are how those get fixed.
   */
  static Catalog load(Path dir) {
    if (!Files.isDirectory(dir)) throw new CliException(dir + " is not a flows folder");
    Catalog catalog = CatalogLoader.forTranslators().load(List.of(dir));
    var translationFindings = new HashSet<>(TranslationProgress.findings(dir, catalog));
    List<Diagnostic> errors = catalog.diagnostics().stream()
        .filter(d -> d.isError() && !translationFindings.contains(d)).toList();
    if (!errors.isEmpty()) {
      var msg = new StringBuilder("the flows have errors; fix them first (kabambe validate " + dir + "):");
      errors.forEach(d -> msg.append("\n").append(d));
      throw new CliException(msg.toString());
    }
    return catalog;
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write every translatable text as a PO file for one language (--lang), or a POT template.")
  static final class Export implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FLOWS", description = "the flows folder")
    Path flows;

    @Option(names = "--lang", paramLabel = "LANG", description = "the language to translate into, e.g. sw")
    Optional<String> language;

    @Option(names = "--template", description = "a POT template: every msgstr empty, for a new language")
    boolean template;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write (default: standard output)")
    Optional<Path> out;

    @Override
    public Integer call() throws IOException {
      if (template == language.isPresent()) throw new CliException("give either --lang LANG or --template");
      Catalog catalog = load(flows);
      TranslationRecord record = language.isPresent()
          ? TranslationRecord.read(flows, language.get()) : new TranslationRecord("", Map.of(), Map.of());
      PoFile po = PoExport.export(ProgrammeTexts.of(catalog, ProgrammeTexts.navigationFile(flows)), language,
          record, flows);
      String text = PoWriter.write(po);
      if (out.isPresent()) {
        Files.writeString(out.get(), text, StandardCharsets.UTF_8);
        long fuzzy = po.entries().stream().filter(e -> e.isFuzzy()).count();
        long untranslated = po.entries().stream().filter(e -> !e.isTranslated()).count();
        spec.commandLine().getOut().printf("%s: %d texts, %d untranslated, %d fuzzy%n", out.get(),
            po.entries().size(), untranslated, fuzzy);
      } else {
        spec.commandLine().getOut().print(text);
      }
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Write a translated PO file's texts into the flows, in place. Checks every entry and the "
          + "resulting flows first; on any error nothing is written.")
  static final class Import implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.po", description = "the translated PO file")
    Path poFile;

    @Parameters(index = "1", paramLabel = "FLOWS", description = "the flows folder")
    Path flows;

    @Option(names = "--lang", paramLabel = "LANG", description = "the language (default: the PO header's Language)")
    Optional<String> language;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PoFile po;
      try {
        po = PoReader.read(poFile.toString(), Files.readString(poFile, StandardCharsets.UTF_8));
      } catch (PoSyntaxException e) {
        throw new CliException(e.getMessage());
      }
      Optional<String> declared = po.headerField("Language").filter(l -> !l.isBlank());
      if (language.isPresent() && declared.isPresent() && !declared.get().equals(language.get())) {
        throw new CliException(poFile + " is in " + declared.get() + " (its header's Language), not "
            + language.get() + "; check the file or drop --lang");
      }
      String lang = language.or(() -> declared)
          .orElseThrow(() -> new CliException(poFile + " names no Language in its header; give --lang LANG"));
      Catalog catalog = load(flows);
      var plan = PoImport.plan(po, poFile.toString(), lang,
          ProgrammeTexts.of(catalog, ProgrammeTexts.navigationFile(flows)), TranslationRecord.read(flows, lang));
      plan.findings().forEach(out::println);
      List<String> broken = plan.refused() ? List.of() : PoImport.validate(flows, plan.files());
      broken.forEach(e -> out.println(e + " (after the import)"));
      if (plan.refused() || !broken.isEmpty()) {
        out.println("nothing written: fix the entries above in " + poFile + " and import again");
        out.flush();
        return Main.INPUT_WRONG;
      }
      PoImport.write(flows, plan);
      out.printf("%d %s texts imported (%d new or changed) into %d file%s; record %s%n", plan.applied(), lang,
          plan.changed(), plan.files().size(), plan.files().size() == 1 ? "" : "s",
          TranslationRecord.file(flows, lang));
      out.flush();
      return Main.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Print how much of each flow is translated, per language (outdated translations count as not done).")
  static final class Status implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FLOWS", description = "the flows folder")
    Path flows;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      TranslationProgress progress = TranslationProgress.of(flows, load(flows));
      List<String> languages = progress.languages();
      int width = Math.max(4, progress.owners().stream().mapToInt(String::length).max().orElse(4));
      StringBuilder head = new StringBuilder(String.format("%-" + width + "s", "flow"));
      languages.forEach(l -> head.append(String.format("  %12s", l)));
      out.println(head);
      for (String owner : progress.owners()) {
        StringBuilder row = new StringBuilder(String.format("%-" + width + "s", owner));
        for (String l : languages) {
          var c = progress.cell(owner, l);
          String cell = progress.isSource(owner, l) && c.total() == 0 ? "source"
              : c.percent() + "%" + (c.outdated() > 0 ? " (" + c.outdated() + " old)" : "");
          row.append(String.format("  %12s", cell));
        }
        out.println(row);
      }
      out.flush();
      return Main.OK;
    }
  }
}
