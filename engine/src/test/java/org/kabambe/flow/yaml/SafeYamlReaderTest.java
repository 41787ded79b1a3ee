package org.kabambe.flow.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;

class SafeYamlReaderTest {
  private final Diagnostics diags = new Diagnostics();

  private Optional<YamlDocument> read(String yaml) {
    return SafeYamlReader.read("f.yaml", yaml.getBytes(StandardCharsets.UTF_8), diags);
  }

  /** Exactly one error, at {@code line:col}, whose message contains {@code words}. */
  private void assertOneError(int line, int col, String words) {
    List<Diagnostic> all = diags.sorted();
    assertEquals(1, all.size(), () -> "expected one finding, got " + all);
    Diagnostic d = all.get(0);
    assertTrue(d.isError(), d::toString);
    assertEquals("f.yaml:" + line + ":" + col, d.pos().toString(), d::toString);
    assertTrue(d.message().contains(words), () -> "'" + words + "' not in: " + d);
  }

  @Test
  void duplicateKeyIsReportedAtTheSecondOneNamingTheFirstLine() {
    assertTrue(read("""
        flow: a
        nodes:
          q1:
            say:
              text: hi
              next: q2
              text: hello
        """).isEmpty());
    assertOneError(7, 7, "'text' is written twice here (first on line 5)");
  }

  @Test
  void tabIndentationIsReportedAtTheTab() {
    assertTrue(read("flow: a\nnodes:\n  q1:\n  \tsay: hi\n").isEmpty());
    assertOneError(4, 3, "tabs are not allowed for indentation; use spaces");
  }

  @Test
  void aliasBombIsRefusedAtItsFirstAnchor() {
    assertTrue(read("""
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        """).isEmpty());
    assertOneError(1, 4, "anchors ('&a') are not allowed");
  }

  @Test
  void aliasWithoutAnchorIsRefusedAtTheAlias() {
    assertTrue(read("a: 1\nb: *x\n").isEmpty());
    assertOneError(2, 4, "aliases ('*x') are not allowed");
  }

  @Test
  void oversizeFileIsRefusedBeforeParsing() {
    String big = "text: \"" + "x".repeat(SafeYamlReader.MAX_BYTES) + "\"\n";
    assertTrue(read(big).isEmpty());
    assertOneError(1, 1, "the limit is 512 KiB");
  }

  @Test
  void syntaxErrorIsTranslatedToOneBasedPosition() {
    assertTrue(read("""
        flow: a
        title: Hello: world
        """).isEmpty());
    assertOneError(2, 13, "YAML syntax error: mapping values are not allowed here; a text that contains ': '");
  }


  /**
   * A key indented less than its siblings is still valid YAML on its own line (it joins the parent mapping); the
   * parser only fails on the next line, which is back at the siblings' indentation. The key is what to fix.
   */
  @Test
  void aKeyIndentedLessThanItsSiblingsIsReportedOnItsOwnLine() {
    assertTrue(read("""
        flow: a
        nodes:
          age:
            ask:
              text: How old are you?
            expect: "number"
              save: age
        """).isEmpty());
    // SnakeYAML stops at 7:7 ("expected <block end>"), one line late.
    assertOneError(6, 5, "YAML indentation error: 'expect' is indented less than the lines before and after it, so it"
        + " leaves the mapping they belong to: indent it like them (6 spaces), or, if it is where it belongs, line 7 is"
        + " indented too far");
  }

  @Test
  void aMisIndentedKeyWithAPlainValueIsReportedOnItsOwnLine() {
    assertTrue(read("""
        flow: a
        nodes:
          age:
            ask:
              text: How old are you?
            expect: number
              save: age
        """).isEmpty());
    // SnakeYAML stops at 7:11 ("mapping values are not allowed"), one line late.
    assertOneError(6, 5, "'expect' is indented less than the lines before and after it");
  }

  /** Over-indented keys stay reported where they are: the line the parser stops on is the one to fix. */
  @Test
  void aKeyIndentedMoreThanItsSiblingsIsReportedOnItsOwnLine() {
    assertTrue(read("""
        flow: a
        nodes:
          age:
            ask:
              text: "How old are you?"
               expect: number
              save: age
        """).isEmpty());
    assertOneError(6, 8, "YAML syntax error");
  }
  @Test
  void unclosedQuoteIsExplained() {
    assertTrue(read("flow: a\ntitle: \"Hello\nnodes: {}\n").isEmpty());
    assertEquals(1, diags.sorted().size());
    assertTrue(diags.sorted().get(0).message().contains("a quote opened earlier is not closed"), diags.sorted()::toString);
  }

  @Test
  void secondDocumentIsRefused() {
    assertTrue(read("flow: a\n---\nflow: b\n").isEmpty());
    assertOneError(2, 1, "a flow file holds one YAML document");
  }

  @Test
  void emptyFileIsRefused() {
    assertTrue(read("# nothing yet\n").isEmpty());
    assertOneError(1, 1, "the file is empty");
  }

  @Test
  void scalarPositionsPointAtTheContentPastQuotes() {
    YamlDocument doc = read("""
        plain: answers.age < 18
        double: "answers.age < 18"
        single:   'x'
        block: |
            first line
        """).orElseThrow();
    YamlMap root = doc.root("the file").map().orElseThrow();
    assertEquals("f.yaml:1:8", root.optional("plain").orElseThrow().pos().toString());
    assertEquals("f.yaml:2:10", root.optional("double").orElseThrow().pos().toString());
    assertEquals("f.yaml:3:12", root.optional("single").orElseThrow().pos().toString());
    assertEquals("f.yaml:5:5", root.optional("block").orElseThrow().pos().toString());
  }

  @Test
  void yesAndNoStayTextBecauseNothingIsConstructed() {
    YamlDocument doc = read("value: yes\nlabel: No\n").orElseThrow();
    YamlMap root = doc.root("the file").map().orElseThrow();
    assertEquals(Optional.of("yes"), root.optional("value").orElseThrow().text());
    assertEquals(Optional.of("No"), root.optional("label").orElseThrow().text());
  }

  @Test
  void wrongShapeIsReportedAtTheValue() {
    YamlDocument doc = read("options: go\nnodes: [a]\n").orElseThrow();
    YamlMap root = doc.root("the file").map().orElseThrow();
    assertTrue(root.optional("options").orElseThrow().list().isEmpty());
    assertOneError(1, 10, "'options' should be a list");
  }

  @Test
  void unknownKeyGetsADidYouMean() {
    YamlDocument doc = read("text: hi\noptons: []\n").orElseThrow();
    YamlMap menu = doc.root("menu").map().orElseThrow();
    menu.allowOnly(List.of("text", "options", "save", "invalid"));
    assertOneError(2, 1, "unknown key 'optons' in menu; did you mean 'options'?");
  }

  @Test
  void missingRequiredKeyIsReportedAtTheMapping() {
    YamlDocument doc = read("menu:\n  text: hi\n").orElseThrow();
    YamlMap menu = doc.root("the file").map().orElseThrow().required("menu").orElseThrow().map().orElseThrow()
        .describedAs("menu");
    assertTrue(menu.required("options").isEmpty());
    assertOneError(2, 3, "menu needs 'options'");
  }
}
