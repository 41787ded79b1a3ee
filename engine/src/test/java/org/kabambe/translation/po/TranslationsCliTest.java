package org.kabambe.translation.po;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.cli.Main;
import org.kabambe.translation.TranslationRecord;

/** {@code kabambe translations export|import|status} on a small programme, as a translator's round trip. */
class TranslationsCliTest {
  @TempDir Path dir;
  Path flows;

  /** Comments, blank lines, block and flow maps, an insertion, an SMS: what an import must leave alone. */
  static final String HELLO = """
      # Hello: a small flow for translation tests.
      flow: hello
      title: Hello
      languages: [en, fr]   # sw comes later
      start: welcome
      triggers: {ussd: ["*384*99#"]}
      nodes:

        welcome:
          menu:
            # the greeting
            text:
              en: "Hello {{ contact.name | fallback \\"friend\\" }}! Choose:"
              fr: "Bonjour {{ contact.name | fallback \\"ami\\" }} ! Choisissez :"
            options:
              - label: {en: "Health", fr: "Santé"}   # short
                goto: bye
              - label: {en: 'Say "hi"', fr: "Dire bonjour"}
                goto: bye
        bye:
          end:
            text:
              en: Goodbye.
              fr: Au revoir.
            do:
              - sms: {en: "Thanks, {{ contact.name }}.", fr: "Merci, {{ contact.name }}."}
      """;

  static final String FIELDS = "fields:\n  name: {type: text}\n";

  record Run(int exit, String out) {}

  static Run kabambe(String... args) {
    var out = new StringWriter();
    int exit = Main.run(new StringReader(""), new PrintWriter(out, true), new PrintWriter(out, true), args);
    return new Run(exit, out.toString());
  }

  @BeforeEach
  void programme() throws IOException {
    flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("hello.yaml"), HELLO);
    Files.writeString(flows.resolve("fields.yaml"), FIELDS);
  }

  private String export(String name) throws IOException {
    Path po = dir.resolve(name);
    Run run = kabambe("translations", "export", "--lang", "sw", flows.toString(), "--out", po.toString());
    assertEquals(0, run.exit(), run.out());
    return Files.readString(po);
  }

  private Path po(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  /** Fills msgstr of the entry with {@code msgid} (as written on one line). */
  private static String translate(String po, String msgid, String msgstr) {
    String from = "msgid \"" + msgid + "\"\nmsgstr \"\"";
    assertTrue(po.contains(from), "no entry " + msgid + " in\n" + po);
    return po.replace(from, "msgid \"" + msgid + "\"\nmsgstr \"" + msgstr + "\"");
  }

  private static String allSwahili(String po) {
    po = translate(po, "Hello {{ contact.name | fallback \\\"friend\\\" }}! Choose:",
        "Habari {{ contact.name | fallback \\\"rafiki\\\" }}! Chagua:");
    po = translate(po, "Health", "Afya");
    po = translate(po, "Say \\\"hi\\\"", "Sema \\\"jambo\\\"");
    po = translate(po, "Goodbye.", "Kwaheri.");
    return translate(po, "Thanks, {{ contact.name }}.", "Asante, {{ contact.name }}.");
  }

  @Test
  void exportNamesEveryTextWithItsKeyPositionAndBudget() throws IOException {
    String po = export("sw.po");
    PoFile file = assertReads(po);
    assertEquals(List.of("hello/welcome/text", "hello/welcome/label/1", "hello/welcome/label/2", "hello/bye/text",
        "hello/bye/sms/1"), file.entries().stream().map(PoEntry::context).toList());
    PoEntry label = file.entry("hello/welcome/label/1").orElseThrow();
    assertEquals(List.of("hello.yaml:16"), label.references());
    assertEquals(List.of("USSD option line: 179 characters (77 if any character is not GSM-7); this text is 6 in"
        + " GSM-7"), label.extractedComments());
    assertTrue(file.entry("hello/bye/sms/1").orElseThrow().extractedComments().get(0)
        .startsWith("SMS: at most 2 segments (306 characters, 134 if any is not GSM-7)"));
    assertEquals("", label.msgstr());

    Run template = kabambe("translations", "export", "--template", flows.toString());
    assertEquals(0, template.exit(), template.out());
    assertTrue(template.out().contains("\"Language: \\n\""), template.out());
  }

  /**
   * A flow that already declares sw and gets a new English text: validate reports the missing translation, and
   * export and import are how a translator fills it (they refused while the flow had that error).
   */
  @Test
  void aDeclaredLanguageWithAMissingTranslationCanStillBeExportedAndFilled() throws IOException {
    assertEquals(0, kabambe("translations", "import", po("sw.po", allSwahili(export("sw.po"))).toString(),
        flows.toString()).exit());
    Path hello = flows.resolve("hello.yaml");
    Files.writeString(hello, Files.readString(hello).replace("languages: [en, fr]", "languages: [en, fr, sw]")
        .replace("        - label: {en: 'Say", "        - label: {en: \"Exit\", fr: \"Sortir\"}\n          goto: bye\n"
            + "        - label: {en: 'Say"));
    Run invalid = kabambe("validate", flows.toString());
    assertEquals(1, invalid.exit(), "a new text without its sw translation is an error: " + invalid.out());
    assertTrue(invalid.out().contains("no sw translation"), invalid.out());

    String po = export("new.po");
    Run run = kabambe("translations", "import", po("filled.po", translate(po, "Exit", "Toka")).toString(),
        flows.toString());
    assertEquals(0, run.exit(), run.out());
    Run valid = kabambe("validate", flows.toString());
    assertEquals(0, valid.exit(), valid.out());
  }

  @Test
  void roundTripExportTranslateImportExportIsIdentical() throws IOException {
    String translated = allSwahili(export("sw.po"));
    Path po = po("sw-done.po", translated);

    Run run = kabambe("translations", "import", po.toString(), flows.toString());
    assertEquals(0, run.exit(), run.out());

    // Identical but for the #: lines, which follow the lines the import added to block maps ...
    String again = export("again.po");
    assertEquals(translated.replaceAll("#: .*", "#:"), again.replaceAll("#: .*", "#:"));
    // ... and once those are known, byte for byte.
    assertEquals(0, kabambe("translations", "import", po("again.po", again).toString(), flows.toString()).exit());
    assertEquals(again, export("third.po"));
    Catalog catalog = CatalogLoader.standard().load(List.of(flows));
    assertFalse(catalog.hasErrors(), catalog.diagnostics().toString());
    var welcome = (org.kabambe.flow.Node.Menu) catalog.flow("hello").orElseThrow().require("welcome");
    assertEquals("Sema \"jambo\"", welcome.options().get(1).label().exactly("sw").orElseThrow().raw());
  }

  @Test
  void importChangesOnlyTheTranslatedValuesByteForByte() throws IOException {
    Run run = kabambe("translations", "import", po("sw.po", allSwahili(export("sw.po"))).toString(),
        flows.toString());
    assertEquals(0, run.exit(), run.out());

    String expected = HELLO
        .replace("        fr: \"Bonjour {{ contact.name | fallback \\\"ami\\\" }} ! Choisissez :\"\n",
            "        fr: \"Bonjour {{ contact.name | fallback \\\"ami\\\" }} ! Choisissez :\"\n"
                + "        sw: \"Habari {{ contact.name | fallback \\\"rafiki\\\" }}! Chagua:\"\n")
        .replace("{en: \"Health\", fr: \"Santé\"}", "{en: \"Health\", fr: \"Santé\", sw: \"Afya\"}")
        .replace("{en: 'Say \"hi\"', fr: \"Dire bonjour\"}", "{en: 'Say \"hi\"', fr: \"Dire bonjour\", sw: \"Sema \\\"jambo\\\"\"}")
        .replace("        fr: Au revoir.\n", "        fr: Au revoir.\n        sw: \"Kwaheri.\"\n")
        .replace("fr: \"Merci, {{ contact.name }}.\"}", "fr: \"Merci, {{ contact.name }}.\", sw: \"Asante, {{ contact.name }}.\"}");
    assertEquals(expected, Files.readString(flows.resolve("hello.yaml")));

    // A second import of a changed translation replaces the value where it is, nothing else.
    String changed = export("sw2.po").replace("msgstr \"Afya\"", "msgstr \"Afya bora\"");
    assertEquals(0, kabambe("translations", "import", po("sw2.po", changed).toString(), flows.toString()).exit());
    assertEquals(expected.replace("sw: \"Afya\"", "sw: \"Afya bora\""), Files.readString(flows.resolve("hello.yaml")));
  }

  @Test
  void aChangedSourceTextComesOutFuzzyAndIsNotAppliedSilently() throws IOException {
    String firstExport = export("sw.po");
    assertEquals(0, kabambe("translations", "import", po("sw.po", allSwahili(firstExport)).toString(),
        flows.toString()).exit());

    // The author rewords the English end text after the translation.
    Path file = flows.resolve("hello.yaml");
    Files.writeString(file, Files.readString(file).replace("en: Goodbye.", "en: Goodbye, see you soon."));

    PoFile next = assertReads(export("next.po"));
    PoEntry bye = next.entry("hello/bye/text").orElseThrow();
    assertTrue(bye.isFuzzy(), bye.toString());
    assertEquals(java.util.Optional.of("Goodbye."), bye.previousMsgid());
    assertEquals("Goodbye, see you soon.", bye.msgid());
    assertEquals("Kwaheri.", bye.msgstr());
    assertFalse(next.entry("hello/welcome/label/1").orElseThrow().isFuzzy());

    Run validate = kabambe("validate", flows.toString());
    assertEquals(1, validate.exit(), validate.out());
    assertTrue(validate.out().contains("hello.yaml:24:9: error: the sw text of hello/bye/text was translated from"
        + " an older en text (\"Goodbye.\")"), validate.out());
    Run status = kabambe("translations", "status", flows.toString());
    assertTrue(status.out().contains("80% (1 old)"), status.out());

    // A PO made before the change: its entry is reported, not applied, and comes back fuzzy with the translation.
    String stale = translate(firstExport, "Goodbye.", "Tutaonana.");
    Run run = kabambe("translations", "import", po("stale.po", stale).toString(), flows.toString());
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("hello/bye/text (" + file + ":24): the en text changed since this file was"
        + " exported"), run.out());
    assertTrue(Files.readString(file).contains("sw: \"Kwaheri.\""));
    PoEntry offered = assertReads(export("after.po")).entry("hello/bye/text").orElseThrow();
    assertTrue(offered.isFuzzy());
    assertEquals("Tutaonana.", offered.msgstr());
    assertEquals(java.util.Optional.of("Goodbye."), offered.previousMsgid());

    // The translator reviews it and clears the mark: imported, current again.
    String reviewed = PoWriter.write(new PoFile(next.header(), next.entries().stream().map(e -> e.context()
        .equals("hello/bye/text") ? new PoEntry(e.comments(), e.extractedComments(), e.references(), List.of(),
        java.util.Optional.empty(), e.msgctxt(), e.msgid(), "Kwaheri, tuonane.", 0) : e).toList()));
    assertEquals(0, kabambe("translations", "import", po("reviewed.po", reviewed).toString(), flows.toString()).exit());
    assertEquals(0, kabambe("validate", flows.toString()).exit());
    assertFalse(assertReads(export("final.po")).entry("hello/bye/text").orElseThrow().isFuzzy());
  }

  @Test
  void brokenInsertionsAndOverlongTextsAreRefusedWithPositionsAndNothingIsWritten() throws IOException {
    String po = allSwahili(export("sw.po"))
        .replace("msgstr \"Asante, {{ contact.name }}.\"", "msgstr \"Asante, {{ contact.nmae }}.\"")
        .replace("msgstr \"Afya\"", "msgstr \"" + "Afya ".repeat(40).strip() + "\"")
        .replace("msgstr \"Habari {{ contact.name | fallback \\\"rafiki\\\" }}! Chagua:\"", "msgstr \"Habari! Chagua:\"");
    Path file = po("bad.po", po);
    byte[] before = Files.readAllBytes(flows.resolve("hello.yaml"));

    Run run = kabambe("translations", "import", file.toString(), flows.toString());

    assertEquals(1, run.exit(), run.out());
    int smsLine = lineOf(po, "msgctxt \"hello/bye/sms/1\"");
    int labelLine = lineOf(po, "msgctxt \"hello/welcome/label/1\"");
    int textLine = lineOf(po, "msgctxt \"hello/welcome/text\"");
    String hello = flows.resolve("hello.yaml").toString();
    assertTrue(run.out().contains(file + ":" + smsLine + ": error: hello/bye/sms/1 (" + hello + ":26): {{ contact.nmae }}"
        + " is not in the source text; did you mean {{ contact.name }}?"), run.out());
    assertTrue(run.out().contains(file + ":" + labelLine + ": error: hello/welcome/label/1 (" + hello + ":16): it is"
        + " 199 characters in GSM-7 and the option line holds 179"), run.out());
    assertTrue(run.out().contains(file + ":" + textLine + ": error: hello/welcome/text (" + hello + ":13): the"
        + " translation leaves out {{ contact.name }}"), run.out());
    assertTrue(run.out().contains("nothing written"), run.out());
    assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(flows.resolve("hello.yaml")));
    assertFalse(Files.exists(TranslationRecord.file(flows, "sw")));
  }

  @Test
  void aLanguageBeingTranslatedButNotDeclaredIsReportedPerFlow() throws IOException {
    Path partial = po("part.po", translate(export("sw.po"), "Health", "Afya"));
    assertEquals(0, kabambe("translations", "import", partial.toString(), flows.toString()).exit());

    Run validate = kabambe("validate", flows.toString());
    assertEquals(0, validate.exit(), validate.out());
    assertTrue(validate.out().contains("warning: hello: 4 of 5 texts have no sw translation yet"), validate.out());
    Run status = kabambe("translations", "status", flows.toString());
    assertTrue(status.out().lines().anyMatch(l -> l.matches("hello\\s+source\\s+100%\\s+20%")), status.out());
  }

  /** The demo's third language went through export, a filled PO and import: nothing left to translate or review. */
  @Test
  void theDemoProgrammeIsWhollyTranslatedIntoSwahili() throws IOException {
    Path demo = Files.isDirectory(Path.of("flows/tests")) ? Path.of("flows") : Path.of("../flows");
    Path out = dir.resolve("demo-sw.po");
    Run run = kabambe("translations", "export", "--lang", "sw", demo.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().endsWith("untranslated, 0 fuzzy\n") && run.out().contains(" 0 untranslated"), run.out());
    PoFile po = assertReads(Files.readString(out));
    assertTrue(po.entries().size() > 150, "every text of the demo: " + po.entries().size());
  }

  @Test
  void aPoFileThatContradictsItselfIsRefused() throws IOException {
    String po = translate(export("sw.po"), "Health", "Afya");
    String twice = po + "\nmsgctxt \"hello/welcome/label/1\"\nmsgid \"Health\"\nmsgstr \"Siha\"\n";
    Run run = kabambe("translations", "import", po("twice.po", twice).toString(), flows.toString());
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.out().contains("error: 'hello/welcome/label/1' is already translated at line "
        + lineOf(po, "msgctxt \"hello/welcome/label/1\"")), run.out());

    Run wrongLanguage = kabambe("translations", "import", "--lang", "fr", po("sw.po", po).toString(), flows.toString());
    assertEquals(1, wrongLanguage.exit(), wrongLanguage.out());
    assertTrue(wrongLanguage.out().contains("is in sw (its header's Language), not fr"), wrongLanguage.out());
    assertEquals(HELLO, Files.readString(flows.resolve("hello.yaml")));
  }

  @Test
  void theRecordForgetsTextsRemovedFromTheFlows() throws IOException {
    assertEquals(0, kabambe("translations", "import", po("sw.po", allSwahili(export("sw.po"))).toString(),
        flows.toString()).exit());
    assertTrue(TranslationRecord.read(flows, "sw").sourceOf("hello/bye/sms/1").isPresent());
    Path file = flows.resolve("hello.yaml");
    String withoutSms = Files.readString(file).replaceAll("(?s)\\n      do:\\n.*", "\n");
    Files.writeString(file, withoutSms);

    assertEquals(0, kabambe("translations", "import", po("again.po", export("again.po")).toString(),
        flows.toString()).exit());
    TranslationRecord record = TranslationRecord.read(flows, "sw");
    assertFalse(record.sourceOf("hello/bye/sms/1").isPresent(), record.toString());
    assertEquals(4, record.sources().size());
  }

  private static int lineOf(String text, String line) {
    List<String> lines = text.lines().toList();
    return lines.indexOf(line) + 1;
  }

  private static PoFile assertReads(String po) {
    try {
      return PoReader.read("test.po", po);
    } catch (PoSyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
