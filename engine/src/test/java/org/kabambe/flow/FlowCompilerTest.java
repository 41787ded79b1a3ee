package org.kabambe.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.parse.FlowParser;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;

/** The parts of compiling that do not need the expression compiler: answer types and contact fields. */
class FlowCompilerTest {
  private static final ContactFields FIELDS = new ContactFields(Map.of(
      "district", new ContactField("district", ValueType.TEXT, false, List.of(), SourcePos.UNKNOWN)));

  private final Diagnostics diags = new Diagnostics();

  private Flow parse(String nodes) {
    return FlowParser.parse("f.yaml", """
        flow: demo
        title: Demo
        languages: [en]
        start: a
        nodes:
        """ + nodes, diags).orElseThrow(() -> new AssertionError(diags.sorted()));
  }

  @Test
  void answersAreTypedByHowTheyAreSaved() {
    Flow f = parse("""
          a:
            ask: {text: Age, expect: {number: {integer: true}}, invalid: Again, save: age, next: b}
          b:
            menu: {text: Pick, save: pick, options: [{label: One, goto: c}]}
          c:
            ask: {text: When, expect: date, invalid: Again, save: due, next: d}
          d:
            end: {text: Bye}
        """);
    Map<String, ValueType> types = new FlowCompiler(FIELDS).answerTypes(f, diags);
    assertEquals(Map.of("age", ValueType.INTEGER, "pick", ValueType.TEXT, "due", ValueType.DATE), types);
    assertTrue(diags.isEmpty());
  }

  @Test
  void oneAnswerSavedWithTwoTypesIsAnErrorAtTheSecondSave() {
    Flow f = parse("""
          a:
            ask: {text: Age, expect: number, invalid: Again, save: age, next: b}
          b:
            menu: {text: Pick, save: age, options: [{label: One, goto: a}]}
        """);
    new FlowCompiler(FIELDS).answerTypes(f, diags);
    List<Diagnostic> all = diags.sorted();
    assertEquals(1, all.size(), all::toString);
    assertEquals("f.yaml:8:3", all.get(0).pos().toString());
    assertTrue(all.get(0).message().contains("answer 'age' is saved as text by node 'b', but as number by node 'a'"
        + " (line 6)"), all.get(0)::toString);
  }

  @Test
  void contactActionOnAnUndeclaredFieldSuggestsTheDeclaredOne() {
    Flow f = parse("""
          a:
            end:
              text: Bye
              do:
                - contact: {distrct: "answers.d"}
        """);
    new FlowCompiler(FIELDS).checkContactActions(f, diags);
    List<Diagnostic> all = diags.sorted();
    assertEquals(1, all.size(), all::toString);
    assertEquals("f.yaml:10:21", all.get(0).pos().toString());
    assertEquals("contact field 'distrct' is not declared; did you mean 'district'?", all.get(0).message());
  }

  @Test
  void aLiteralTimeZoneIsCheckedAtItsLine() {
    Flow f = parse("""
          a:
            end:
              text: Bye
              do:
                - contact: {timezone: "'Africa/Nairobbi'"}
                - contact: {timezone: "'Africa/Kigali'"}
                - contact: {timezone: "answers.zone"}
        """);
    var fields = new ContactFields(Map.of("timezone", new ContactField("timezone", ValueType.TEXT, false, List.of(),
        SourcePos.UNKNOWN)));
    new FlowCompiler(fields).checkContactActions(f, diags);
    List<Diagnostic> all = diags.sorted();
    assertEquals(1, all.size(), all::toString);
    assertEquals(10, all.get(0).pos().line());
    assertEquals("timezone: 'Africa/Nairobbi' is not a time zone (an IANA name like Africa/Nairobi, or UTC); did you "
        + "mean 'Africa/Nairobi'?", all.get(0).message());
  }
}
