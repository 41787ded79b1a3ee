package org.kabambe.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.expr.ExprFixtures.bindings;
import static org.kabambe.expr.ExprFixtures.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;

class TemplateTest {
  private static final SourcePos AT = new SourcePos("flow.yaml", 3, 10);

  private static Template parsed(String raw) {
    Diagnostics d = new Diagnostics();
    Template t = Template.parse(raw, AT, d);
    assertTrue(d.isEmpty(), () -> report(d));
    return t;
  }

  private static String errors(String raw) {
    Diagnostics d = new Diagnostics();
    Template.parse(raw, AT, d);
    return report(d);
  }

  private static String checked(String raw) {
    Diagnostics d = new Diagnostics();
    new ExprCompiler(ExprFixtures.SCOPE).check(parsed(raw), d);
    return report(d);
  }

  @Test
  void aPlainTextRendersAsItselfWithoutCopying() {
    String raw = "Welcome to the clinic line 🎉";
    Template t = parsed(raw);
    assertTrue(t.isPlain());
    assertSame(raw, t.render(ExprFixtures.empty()));
    assertEquals(List.of(), t.paths());
  }

  @Test
  void anUnsetValueTakesItsFallbackOrNothing() {
    Template t = parsed("Hello {{ contact.name | fallback \"friend\" }}! Age: {{answers.age}}.");
    assertFalse(t.isPlain());
    assertEquals("Hello friend! Age: .", t.render(ExprFixtures.empty()));
    assertEquals("Hello Chikondi! Age: 12.",
        t.render(bindings(Map.of("age", 12.0), Map.of(), Map.of("name", "Chikondi"))));
    assertEquals(List.of("contact.name", "answers.age"), t.paths());
  }

  @Test
  void filtersApplyInOrder() {
    Template t = parsed("{{ contact.name | upper }} {{ contact.name | lower }} {{ answers.trust | capitalize }} "
        + "{{ answers.trust | fallback 'nobody' | upper }}");
    assertEquals("ÉLODIE élodie Élodie ÉLODIE",
        t.render(bindings(Map.of("trust", "élodie"), Map.of(), Map.of("name", "Élodie"))));
    assertEquals("   NOBODY", t.render(ExprFixtures.empty()));
  }

  @Test
  void unicodeAndEmojiSurviveAroundInsertions() {
    Template t = parsed("🎉 Moni {{ contact.name }} 👋🏾, zikomo!");
    assertEquals("🎉 Moni Tiyamike 👋🏾, zikomo!", t.render(bindings(Map.of(), Map.of(), Map.of("name", "Tiyamike"))));
  }

  @Test
  void valuesReadNaturally() {
    Template t = parsed("{{ answers.age }}|{{ vars.score }}|{{ answers.kids }}|{{ answers.due }}|"
        + "{{ answers.due | date \"dd/MM/yyyy\" }}|{{ contact.groups }}|{{ answers.likes }}|{{ now | date 'd MMM yyyy' }}");
    Bindings b = bindings(Map.of("age", 12.0, "kids", 3L, "due", LocalDate.of(2024, 2, 1), "likes", true),
        Map.of("score", 2.5), Map.of("groups", List.of("mothers", "nurses")));
    assertEquals("12|2.5|3|2024-02-01|01/02/2024|mothers, nurses|yes|1 Jun 2024", t.render(b));
  }

  @Test
  void sessionInputAndWebhookResultsCanBeInserted() {
    Template t = parsed("{{ session.channel }} {{ input }} {{ vars.clinic.name | fallback \"?\" }}");
    assertEquals("ussd 1 Kamuzu", t.render(bindings(Map.of(), Map.of("clinic", Map.of("name", "Kamuzu")), Map.of())));
    assertEquals("ussd 1 ?", t.render(ExprFixtures.empty()));
  }

  @Test
  void anUnclosedInsertionIsReportedAtItsBraces() {
    assertEquals("flow.yaml:3:13: error: '{{' is not closed: end the insertion with '}}', "
        + "e.g. {{ contact.name | fallback \"friend\" }}", errors("Hi {{ contact.name"));
    assertEquals("flow.yaml:3:10: error: '{{' is not closed: end the insertion with '}}'",
        errors("{{ a | fallback \"}}\""));
  }

  @Test
  void anEmptyInsertionIsReported() {
    assertEquals("flow.yaml:3:13: error: empty insertion: put a name inside, "
        + "e.g. {{ contact.name | fallback \"friend\" }}", errors("Hi {{  }} there"));
  }

  @Test
  void anUnknownFilterIsReportedAtItsNameWithASuggestion() {
    assertEquals("flow.yaml:3:31: error: unknown filter 'uper'; did you mean 'upper'? "
        + "(filters: fallback, upper, lower, capitalize, date, raw)", errors("Hi {{ contact.name | uper }}"));
  }

  @Test
  void filterArgumentsAreChecked() {
    assertEquals("flow.yaml:3:40: error: fallback needs a text in quotes, e.g. fallback \"friend\"",
        errors("Hi {{ contact.name | fallback friend }}"));
    assertEquals("flow.yaml:3:37: error: 'upper' takes nothing after it", errors("Hi {{ contact.name | upper \"x\" }}"));
    assertTrue(errors("{{ answers.due | date \"bb\" }}").startsWith("flow.yaml:3:32: error: 'bb' is not a date pattern"));
    assertEquals("flow.yaml:3:25: error: unexpected 'x': filters go after '|', e.g. {{ answers.age | upper }}",
        errors("{{ answers.age x }}"));
  }

  @Test
  void everyMalformedInsertionIsReportedAndTheRestStillParses() {
    Diagnostics d = new Diagnostics();
    Template t = Template.parse("{{ a | uper }} ok {{ answers.age }} {{ b | fallback }}", AT, d);
    assertEquals(2, d.sorted().size(), report(d));
    assertEquals(List.of("answers.age"), t.paths());
  }

  @Test
  void positionsCountLinesAndCodePoints() {
    assertEquals("flow.yaml:5:19: error: unknown filter 'uppr'; did you mean 'upper'? "
        + "(filters: fallback, upper, lower, capitalize, date, raw)", errors("Line one\n\n🎉 {{ x | uppr }}"));
    assertEquals("flow.yaml:3:12: error: empty insertion: put a name inside, "
        + "e.g. {{ contact.name | fallback \"friend\" }}", errors("🎉 {{ }}"));
  }

  @Test
  void checkReportsPathsOutOfScopeWithSuggestions() {
    assertEquals("flow.yaml:3:19: error: unknown contact field 'nme'; did you mean 'name'? "
        + "(contact fields are those in fields.yaml plus phone, language and groups: "
        + "birth, district, groups, language, name, phone)", checked("Hello {{ contact.nme }}"));
    assertEquals("flow.yaml:3:16: error: unknown name 'answer'; did you mean 'answers'? "
        + "(you can use answers.NAME, vars.NAME, contact.NAME, session.channel, now and input)",
        checked("Hi {{ answer.age }}"));
    assertEquals("flow.yaml:3:16: error: 'answers.age' is a number; it has no part called 'x'",
        checked("Hi {{ answers.age.x }}"));
    assertEquals("flow.yaml:3:16: error: 'vars' needs a name after it, as in vars.NAME", checked("Hi {{ vars }}"));
    assertEquals("", checked("{{ session.channel }} {{ now }} {{ input }} {{ vars.clinic.name }} {{ answers.age }}"));
  }
}
