package org.kabambe.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.yaml.SafeYamlReader;

/**
 * Every mistake the flow language promises to catch, end to end through {@link CatalogLoader#standard()} over real
 * files: one row per mistake, with the exact {@code file:line:col: severity:} an author's editor jumps to.
 */
class MalformedFlowsTest {
  @TempDir Path dir;

  /**
   * One mistake: the files of a flows folder and the finding expected, written
   * {@code file:line:col: severity: part of the message}.
   */
  record Case(String name, Map<String, String> files, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case one(String name, String yaml, String expected) {
    return new Case(name, Map.of("f.yaml", yaml), expected);
  }

  private static Case two(String name, String a, String b, String expected) {
    var files = new LinkedHashMap<String, String>();
    files.put("a.yaml", a);
    files.put("b.yaml", b);
    return new Case(name, files, expected);
  }

  /** A small valid flow (lines 1-5 are the header; nodes start on line 6). */
  private static String flow(String id, String extraHeader, String nodes) {
    return "flow: " + id + "\ntitle: T\nlanguages: [en]\nstart: a\n" + extraHeader + "nodes:\n" + nodes;
  }

  static Stream<Case> cases() {
    return Stream.of(
        one("duplicate key", """
            flow: f
            title: T
            languages: [en]
            start: a
            title: Again
            nodes:
              a:
                end: {text: Bye}
            """, "f.yaml:5:1: error: 'title'"),
        one("tab indentation", "flow: f\ntitle: T\nlanguages: [en]\nstart: a\nnodes:\n  a:\n\tend: {text: Bye}\n",
            "f.yaml:7:1: error: tab"),
        one("alias bomb", """
            flow: f
            title: T
            languages: [en]
            start: a
            a0: &a0 [x, x, x, x, x, x, x, x, x, x]
            a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
            a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
            a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
            a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
            a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
            nodes:
              a:
                end: {text: Bye}
            """, "f.yaml:5:5: error: anchors ('&a0') are not allowed"),
        one("oversize file", "# " + "x".repeat(SafeYamlReader.MAX_BYTES) + "\n" + flow("f", "", "  a:\n    end: {text: Bye}\n"),
            "f.yaml:1:1: error: KiB"),
        one("unknown key with did-you-mean", flow("f", "", """
              a:
                menu:
                  text: Pick
                  optons:
                    - {label: One, goto: b}
              b:
                end: {text: Bye}
            """), "f.yaml:9:7: error: did you mean 'options'"),
        one("wrong value type", flow("f", "", """
              a:
                ask:
                  text: Age?
                  expect: number
                  invalid: A number
                  retries: many
                  on_retries_exhausted: b
                  next: b
              b:
                end: {text: Bye}
            """), "f.yaml:11:16: error: 'retries' should be a whole number, like 3; 'many' is not one"),
        one("unknown goto", flow("f", "", """
              a:
                menu:
                  text: Pick
                  options:
                    - {label: One, goto: byee}
              bye:
                end: {text: Bye}
            """), "f.yaml:10:30: error: there is no node 'byee' in this flow; did you mean 'bye'?"),
        one("unreachable node", flow("f", "", """
              a:
                end: {text: Bye}
              lost:
                end: {text: Never shown}
            """), "f.yaml:8:3: warning: node 'lost' is never reached from the start node 'a'"),
        one("no path to an end", flow("f", "", """
              a:
                menu:
                  text: Pick
                  options:
                    - {label: Stay, goto: a}
                    - {label: Other, goto: b}
              b:
                menu:
                  text: Again
                  options:
                    - {label: Back, goto: a}
            """), "f.yaml:6:3: error: end"),
        one("input-free cycle", flow("f", "", """
              a:
                say: {text: One, next: b}
              b:
                say: {text: Two, next: a}
              c:
                end: {text: Bye}
            """), "f.yaml:6:3: error: go round in a loop without ever waiting for the participant: a -> b -> a"),
        one("CEL syntax error", flow("f", "", """
              a:
                route:
                  - when: "session.channel == = 'ussd'"
                    goto: b
                  - else: b
              b:
                end: {text: Bye}
            """), "f.yaml:8:35: error: '= ' cannot be used in an expression"),
        one("CEL type error", flow("f", "", """
              a:
                route:
                  - when: session.channel + 1
                    goto: b
                  - else: b
              b:
                end: {text: Bye}
            """), "f.yaml:8:31: error: '+' cannot be used with text and integer"),
        one("unknown template path", flow("f", "", """
              a:
                end: {text: "Hello {{ contact.nmae }}"}
            """), "f.yaml:7:27: error: unknown contact field 'nmae'"),
        one("missing translation", """
            flow: f
            title: T
            languages: [en, fr]
            start: a
            nodes:
              a:
                end: {text: {en: Bye}}
            """, "f.yaml:7:17: error: the text of end 'a' has no fr translation"),
        one("option label too long for a USSD screen", flow("f", "", """
              a:
                menu:
                  text: Pick
                  options:
                    - {label: "%s", goto: b}
              b:
                end: {text: Bye}
            """.formatted("Long ".repeat(40).strip())), "f.yaml:10:20: error: option 1 of menu 'a' is too long for one USSD screen"),
        one("SMS over the segment limit", flow("f", "sms_segments: 1\n", """
              a:
                end:
                  text: Bye
                  do:
                    - sms: "%s"
            """.formatted("Word ".repeat(60).strip())), "f.yaml:11:17: warning: the SMS in end 'a' costs 2 SMS segments"),
        two("duplicate keyword across flows",
            flow("alpha", "triggers: {keywords: [VAX]}\n", "  a:\n    end: {text: Bye}\n"),
            flow("beta", "triggers: {keywords: [vax]}\n", "  a:\n    end: {text: Bye}\n"),
            "b.yaml:5:23: error: VAX"),
        two("duplicate service code across flows",
            flow("alpha", "triggers: {ussd: [\"*384*12#\"]}\n", "  a:\n    end: {text: Bye}\n"),
            flow("beta", "triggers: {ussd: [\"*384*12#\"]}\n", "  a:\n    end: {text: Bye}\n"),
            "b.yaml:5:20: error: service code *384*12# already starts flow 'alpha' (a.yaml:5:20)"),
        one("save name used with two types", flow("f", "", """
              a:
                ask: {text: "Age?", expect: number, invalid: A number, save: age, next: b}
              b:
                ask: {text: "Age, in words?", expect: text, invalid: Words, save: age, next: c}
              c:
                end: {text: Bye}
            """), "f.yaml:8:3: error: answer 'age' is saved as text by node 'b', but as number by node 'a' (line 6)"),
        one("call to an unknown flow", flow("f", "", """
              a:
                call: {flow: langauge, next: b}
              b:
                end: {text: Bye}
            """), "f.yaml:7:18: error: langauge"),
        two("call cycle",
            flow("alpha", "", "  a:\n    call: {flow: beta, next: b}\n  b:\n    end: {text: Bye}\n"),
            flow("beta", "", "  a:\n    call: {flow: alpha, next: b}\n  b:\n    end: {text: Bye}\n"),
            "a.yaml:7:18: error: beta"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachMistakeIsReportedAtItsPosition(Case c) throws IOException {
    for (var f : c.files().entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    List<String> found = catalog.diagnostics().stream()
        .map(d -> d.toString().replace(dir + "/", "")).toList();
    int colon = c.expected().indexOf(": ", c.expected().indexOf(": ") + 2);
    String where = c.expected().substring(0, colon + 2);
    String words = c.expected().substring(colon + 2);
    assertTrue(found.stream().anyMatch(d -> d.startsWith(where) && d.substring(where.length()).contains(words)),
        () -> "expected " + c.expected() + "\nfound:\n" + String.join("\n", found));
  }

  @Test
  void aFolderWithOneBrokenFileStillLoadsTheOthers() throws IOException {
    Files.writeString(dir.resolve("good.yaml"), flow("good", "", "  a:\n    end: {text: Bye}\n"));
    Files.writeString(dir.resolve("also-good.yaml"), flow("also-good", "", "  a:\n    end: {text: Bye}\n"));
    Files.writeString(dir.resolve("broken.yaml"), flow("broken", "", "  a:\n    end: {text: Bye, nxt: b}\n"));
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    assertEquals(Set.of("good", "also-good"), catalog.flows().keySet());
    List<Diagnostic> errors = catalog.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertTrue(errors.stream().allMatch(d -> d.pos().file().endsWith("broken.yaml")),
        () -> errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    assertTrue(!errors.isEmpty());
  }
}
