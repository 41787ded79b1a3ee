package org.kabambe.flow.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kabambe.diag.Severity.ERROR;
import static org.kabambe.diag.Severity.WARNING;
import static org.kabambe.flow.validate.Findings.assertFinding;
import static org.kabambe.flow.validate.Findings.assertNone;
import static org.kabambe.flow.validate.Findings.assertOnly;
import static org.kabambe.flow.validate.FlowBuilder.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Flow;
import org.kabambe.flow.settings.GlobalKeywords;

class CatalogValidatorTest {
  static List<Diagnostic> validate(FlowBuilder... builders) {
    Map<String, Flow> flows = new LinkedHashMap<>();
    for (var b : builders) {
      Flow f = b.build();
      flows.put(f.id(), f);
    }
    var out = new Diagnostics();
    CatalogValidator.validate(flows, GlobalKeywords.DEFAULTS, out);
    return out.sorted();
  }

  static FlowBuilder simple(String id) {
    return flow(id).end("bye", "Bye");
  }

  @Test
  void distinctTriggersAndGoodCallsHaveNoFindings() {
    var a = flow("a").ussd("*384*1#").keywords("VAX").call("sub", "b", "bye").end("bye", "Bye");
    var b = simple("b").ussd("*384*2#").keywords("VACCINE");
    assertNone(validate(a, b));
  }

  @Test
  void aServiceCodeInTwoFlowsIsAnErrorAtTheSecond() {
    var a = simple("a").ussd("*384*12#");
    var b = simple("b").ussd("*384*12#");
    assertOnly(validate(b, a), ERROR, b.pos("ussd:*384*12#"),
        "service code *384*12# already starts flow 'a' (" + a.pos("ussd:*384*12#") + ")");
  }

  @Test
  void keywordsAreComparedFolded() {
    var a = simple("a").keywords("VACCIN");
    var b = simple("b").keywords("Vaccín");
    assertOnly(validate(a, b), ERROR, b.pos("keyword:Vaccín"),
        "keyword Vaccín is already used by flow 'a'", "as VACCIN", "ignoring case and accents");
  }

  @Test
  void aKeywordThatIsAGlobalWordIsAnError() {
    var a = simple("a").keywords("Arrêt", "INFO");
    var found = validate(a);
    assertEquals(2, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), ERROR, a.pos("keyword:Arrêt"),
        "keyword Arrêt is a global SMS keyword (STOP in fr: opts the sender out)", "choose another keyword");
    assertFinding(found.get(1), ERROR, a.pos("keyword:INFO"), "HELP in en, fr: sends the help message");
  }

  @Test
  void aCallToAnUnknownFlowIsAnErrorWithDidYouMean() {
    var a = flow("a").call("sub", "vacine", "bye").end("bye", "Bye");
    var b = simple("vaccine");
    assertOnly(validate(a, b), ERROR, a.pos("sub.flow"), "call: there is no flow 'vacine'; did you mean 'vaccine'?");
  }

  @Test
  void flowsCallingEachOtherInALoopAreAnError() {
    var a = flow("a").call("to_b", "b", "bye").end("bye", "Bye");
    var b = flow("b").call("to_c", "c", "bye").end("bye", "Bye");
    var c = flow("c").call("back", "a", "bye").end("bye", "Bye");
    assertOnly(validate(c, b, a), ERROR, a.pos("to_b.flow"), "flows call each other in a loop: a -> b -> c -> a");
  }

  @Test
  void aFlowCallingItselfIsALoop() {
    var a = flow("a").call("again", "a", "bye").end("bye", "Bye");
    assertOnly(validate(a), ERROR, a.pos("again.flow"), "a -> a");
  }

  @Test
  void aCalledFlowMissingACallersLanguageIsAWarning() {
    var a = flow("a").languages("en", "fr", "sw").call("sub", "b", "bye").end("bye", "Bye");
    var b = simple("b").languages("en", "fr");
    assertOnly(validate(a, b), WARNING, a.pos("sub.flow"), "flow 'b' is not written in sw",
        "will see it in en");
  }
}
