package org.kabambe.catalog.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.diag.Diagnostic;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.GlobalKeywords.Purpose;
import org.kabambe.flow.yaml.SafeYamlReader;

class CatalogLoaderTest {
  @TempDir Path dir;

  private static String flow(String id) {
    return """
        flow: %s
        title: A flow
        languages: [en]
        start: bye
        nodes:
          bye:
            end: {text: Bye}
        """.formatted(id);
  }

  private void write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private Catalog load() {
    return CatalogLoader.structureOnly().load(List.of(dir));
  }

  @Test
  void aBrokenFileIsReportedAndTheOthersStillLoad() throws IOException {
    write("a.yaml", flow("alpha"));
    write("b.yml", flow("beta"));
    write("broken.yaml", flow("broken").replace("end: {text: Bye}", "end: {text: Bye"));
    Catalog c = load();
    assertEquals(Set.of("alpha", "beta"), c.flows().keySet());
    assertTrue(c.hasErrors());
    Diagnostic d = c.diagnostics().get(0);
    assertEquals(dir.resolve("broken.yaml") + ":8:1", d.pos().toString(), d::toString);
    assertTrue(d.message().startsWith("YAML syntax error"), d::toString);
  }

  @Test
  void twoFilesWithOneFlowIdAreBothNamed() throws IOException {
    write("a.yaml", flow("same"));
    write("b.yaml", flow("same"));
    Catalog c = load();
    assertEquals(1, c.flows().size());
    assertEquals(dir.resolve("a.yaml").toString(), c.flow("same").orElseThrow().file());
    assertEquals(1, c.diagnostics().size());
    Diagnostic d = c.diagnostics().get(0);
    assertEquals(dir.resolve("b.yaml") + ":1:1", d.pos().toString());
    assertTrue(d.message().contains("'same' is already used by " + dir.resolve("a.yaml")), d::toString);
  }

  @Test
  void programmeFilesAreReadAndSubfoldersAreNotFlows() throws IOException {
    write("a.yaml", flow("alpha"));
    write("fields.yaml", """
        fields:
          name: {type: text, pii: true}
          risk: {type: choice, values: [low, high]}
          due_date: {type: date}
        """);
    write("keywords.yaml", """
        keywords:
          stop: {en: [STOP, Quit], fr: ["ARRÊT"]}
        """);
    write("tests/t.yaml", "test: not a flow\n");
    write("campaigns/c.yaml", """
        campaign: later
        languages: [en]
        join: [LATER]
        messages:
          - {at: "day 1", text: "Later!"}
        """);
    Catalog c = load();
    assertTrue(c.diagnostics().isEmpty(), c.diagnostics()::toString);
    assertEquals(Set.of("alpha"), c.flows().keySet());
    assertTrue(c.fields().declared().get("name").pii());
    assertEquals(List.of("low", "high"), c.fields().declared().get("risk").values());
    assertEquals(ValueType.DATE, c.fields().scope().get("due_date"));
    assertEquals(List.of("arret"), c.keywords().words().get(Purpose.STOP).get("fr"));
    assertEquals(List.of("stop", "quit"), c.keywords().words().get(Purpose.STOP).get("en"));
    assertFalse(c.keywords().words().get(Purpose.STOP).containsKey("sw"), "a given purpose replaces its defaults");
    assertEquals(List.of("help", "info"), c.keywords().words().get(Purpose.HELP).get("en"), "others keep theirs");
    assertEquals(Set.of("later"), c.campaigns().keySet(), "campaigns/ holds campaigns, not flows");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedAtItsFirstLine() throws IOException {
    write("a.yaml", flow("alpha"));
    write("huge.yaml", "# " + "x".repeat(SafeYamlReader.MAX_BYTES) + "\n");
    Catalog c = load();
    assertEquals(Set.of("alpha"), c.flows().keySet());
    assertEquals(dir.resolve("huge.yaml") + ":1:1", c.diagnostics().get(0).pos().toString());
  }

  @Test
  void brokenFieldsFileIsReportedAtTheMistake() throws IOException {
    write("fields.yaml", """
        fields:
          risk: {type: choise}
        """);
    Catalog c = load();
    Diagnostic d = c.diagnostics().get(0);
    assertEquals(dir.resolve("fields.yaml") + ":2:16", d.pos().toString(), d::toString);
    assertTrue(d.message().contains("unknown field type 'choise'; did you mean 'choice'?"), d::toString);
  }

  @Test
  void aMissingPathIsReported() {
    Catalog c = CatalogLoader.structureOnly().load(List.of(dir.resolve("nope")));
    assertTrue(c.hasErrors());
    assertTrue(c.diagnostics().get(0).message().contains("no file or folder"));
  }
}
