package org.kabambe.flow.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.ResumeMode;
import org.kabambe.flow.Text;
import org.kabambe.flow.expect.NumberExpect;

class FlowParserTest {
  static final String VACCINE = """
      flow: vaccine-confidence
      title: Vaccine confidence survey
      version: 3
      languages: [en, fr]
      start: welcome
      triggers:
        ussd: ["*384*12#"]
        keywords: [VAX, VACCIN]
      resume: auto
      resume_window: 2h
      sms_segments: 3
      translation_fallback: true
      nodes:
        welcome:
          menu:
            text:
              en: "Hello {{contact.name}}! Your voice counts."
              fr: "Bonjour {{contact.name}} ! Votre avis compte."
            options:
              - label: {en: Take the survey, fr: Répondre}
                goto: age
              - label: {en: Talk to a nurse, fr: Parler à une infirmière}
                when: contact.district == "Kibera"
                goto: nurse
        age:
          ask:
            text: {en: "How old are you?", fr: "Quel âge avez-vous ?"}
            expect: {number: {min: 10, max: 120, integer: true}}
            invalid: {en: "Please send your age in years, e.g. 17", fr: "Envoyez votre âge, ex. 17"}
            save: age
            next: check_age
            retries: 3
            on_retries_exhausted: nurse
        check_age:
          route:
            - when: answers.age < 18
              goto: minor
            - else: q_trust
        q_trust:
          menu:
            text: {en: "Do you trust vaccines?", fr: "Faites-vous confiance aux vaccins ?"}
            save: trust
            options:
              - {label: {en: Yes, fr: Oui}, value: yes, goto: thanks}
              - {label: {en: No, fr: Non}, value: no, goto: thanks}
        minor:
          route:
            random:
              - {weight: 50, goto: nurse}
              - {weight: 50, goto: thanks}
        nurse:
          do:
            actions:
              - set: {score: "vars.score + 1"}
              - contact: {district: "answers.district"}
              - language: "'fr'"
              - webhook:
                  url: "https://example.org/api/{{ contact.phone }}"
                  headers: {Authorization: "Bearer xyz"}
                  save: clinic
                  timeout: 3s
                  on_error: thanks
              - opt_out
            next: thanks
        thanks:
          end:
            text: {en: "Thank you!", fr: "Merci !"}
            do:
              - sms: {en: "Vaccines are tested.", fr: "Les vaccins sont testés…"}
              - tag: completed-survey
              - subscribe: climate-tips
        lang:
          call:
            flow: language
            next: thanks
      """;

  private final Diagnostics diags = new Diagnostics();

  private Optional<Flow> parse(String yaml) {
    return FlowParser.parse("f.yaml", yaml, diags);
  }

  /** Exactly one error, at {@code line:col}, whose message contains {@code words}; no flow comes out. */
  private void assertOneError(String yaml, int line, int col, String words) {
    assertTrue(parse(yaml).isEmpty(), "a flow with an error must not load");
    List<Diagnostic> all = diags.sorted();
    assertEquals(1, all.size(), () -> "expected one finding, got " + all);
    Diagnostic d = all.get(0);
    assertEquals("f.yaml:" + line + ":" + col, d.pos().toString(), d::toString);
    assertTrue(d.message().contains(words), () -> "'" + words + "' not in: " + d);
  }

  private static final String HEAD = """
      flow: demo
      title: Demo
      languages: [en]
      start: a
      nodes:
      """;

  @Test
  void completeFlowParsesIntoTheModel() {
    Flow f = parse(VACCINE).orElseThrow(() -> new AssertionError(diags.sorted()));
    assertTrue(diags.isEmpty(), diags.sorted()::toString);
    assertEquals("vaccine-confidence", f.id());
    assertEquals(3, f.version());
    assertEquals(List.of("en", "fr"), f.languages());
    assertEquals(ResumeMode.AUTO, f.resume());
    assertEquals(Duration.ofHours(2), f.resumeWindow());
    assertEquals(3, f.smsSegmentLimit());
    assertTrue(f.translationFallback());
    assertEquals(16, f.contentHash().length());
    assertEquals(List.of("welcome", "age", "check_age", "q_trust", "minor", "nurse", "thanks", "lang"),
        List.copyOf(f.nodes().keySet()), "node order is the file's order");
    assertEquals("*384*12#", f.triggers().ussd().get(0).value());
    assertEquals("f.yaml:8:19", f.triggers().keywords().get(1).pos().toString());

    Node.Menu welcome = assertInstanceOf(Node.Menu.class, f.require("welcome"));
    assertEquals("Bonjour {{contact.name}} ! Votre avis compte.", welcome.text().byLanguage().get("fr").raw());
    assertEquals("f.yaml:18:14", welcome.text().byLanguage().get("fr").pos().toString(), "past the quote");
    Node.MenuOption nurse = welcome.options().get(1);
    assertEquals("contact.district == \"Kibera\"", nurse.when().orElseThrow().source());
    assertEquals("f.yaml:23:17", nurse.when().orElseThrow().pos().toString());
    assertEquals("nurse", nurse.target().node());
    assertEquals("f.yaml:24:17", nurse.target().pos().toString());

    Node.Ask age = assertInstanceOf(Node.Ask.class, f.require("age"));
    assertEquals(new NumberExpect(java.util.OptionalDouble.of(10), java.util.OptionalDouble.of(120), true), age.expect());
    assertEquals(ValueType.INTEGER, age.expect().valueType());
    assertEquals(Optional.of("age"), age.save());
    assertEquals(3, age.retries());
    assertEquals("nurse", age.onRetriesExhausted().orElseThrow().node());

    Node.Route route = assertInstanceOf(Node.Route.class, f.require("check_age"));
    assertEquals("answers.age < 18", route.branches().get(0).when().source());
    assertEquals("f.yaml:36:15", route.branches().get(0).when().pos().toString());
    assertEquals("q_trust", route.otherwise().node());
    assertEquals("f.yaml:38:15", route.otherwise().pos().toString());

    Node.Menu trust = assertInstanceOf(Node.Menu.class, f.require("q_trust"));
    assertEquals(Optional.of("yes"), trust.options().get(0).value(), "yes stays the text 'yes'");
    assertEquals("Yes", trust.options().get(0).label().byLanguage().get("en").raw());

    Node.RandomSplit split = assertInstanceOf(Node.RandomSplit.class, f.require("minor"));
    assertEquals(100, split.totalWeight());

    Node.Do act = assertInstanceOf(Node.Do.class, f.require("nurse"));
    assertEquals(5, act.actions().size());
    Action.SetVar set = assertInstanceOf(Action.SetVar.class, act.actions().get(0));
    assertEquals("score", set.name());
    assertEquals("f.yaml:54:25", set.value().pos().toString());
    Action.Webhook hook = assertInstanceOf(Action.Webhook.class, act.actions().get(3));
    assertEquals("POST", hook.method());
    assertEquals(Duration.ofSeconds(3), hook.timeout());
    assertEquals(Optional.of("clinic"), hook.save());
    assertEquals(List.of("thanks", "thanks"), act.exits().stream().map(r -> r.node()).toList());
    assertInstanceOf(Action.OptOut.class, act.actions().get(4));

    Node.End end = assertInstanceOf(Node.End.class, f.require("thanks"));
    Text sms = assertInstanceOf(Action.SendSms.class, end.actions().get(0)).text();
    assertFalse(sms.isUniversal());
    Node.Call call = assertInstanceOf(Node.Call.class, f.require("lang"));
    assertEquals("language", call.flow());
    assertEquals("f.yaml:74:13", call.flowPos().toString());
  }

  @Test
  void universalTextIsStoredUnderStar() {
    Flow f = parse(HEAD + "  a:\n    end:\n      text: Bye\n").orElseThrow(() -> new AssertionError(diags.sorted()));
    Node.End end = (Node.End) f.require("a");
    assertTrue(end.text().isUniversal());
    assertEquals("Bye", end.text().byLanguage().get(Text.ANY_LANGUAGE).raw());
    assertEquals(1, f.version());
    assertEquals(ResumeMode.ASK, f.resume());
    assertEquals(Flow.DEFAULT_RESUME_WINDOW, f.resumeWindow());
    assertFalse(f.translationFallback());
  }

  @Test
  void unknownKeyInAMenuSuggestsTheRightOne() {
    assertOneError(HEAD + """
          a:
            menu:
              text: Hi
              optons:
                - {label: Go, goto: a}
        """, 9, 7, "unknown key 'optons' in menu 'a'; did you mean 'options'?");
  }

  @Test
  void missingRequiredKeyIsReportedAtItsMapping() {
    assertOneError(HEAD + """
          a:
            say:
              text: Hi
        """, 8, 7, "say 'a' needs 'next'");
  }

  @Test
  void optionsThatAreNotAListAreReportedAtTheValue() {
    assertOneError(HEAD + """
          a:
            menu:
              text: Hi
              options: a
        """, 9, 16, "'options' should be a list");
  }

  @Test
  void unknownNodeKindSuggestsTheRightOne() {
    assertOneError(HEAD + """
          a:
            mneu:
              text: Hi
        """, 7, 5, "unknown node kind 'mneu' in node 'a'; did you mean 'menu'?");
  }

  @Test
  void nodeWithTwoKindsIsReportedAtTheSecond() {
    assertOneError(HEAD + """
          a:
            say: {text: Hi, next: a}
            end: {text: Bye}
        """, 8, 5, "node 'a' has two kinds, 'say' (line 7) and 'end'");
  }

  @Test
  void fieldWrittenNextToTheKindIsAnIndentationMistake() {
    assertTrue(parse(HEAD + """
          a:
            say:
              next: a
            text: Hi
        """).isEmpty());
    assertTrue(diags.sorted().stream().anyMatch(d -> d.pos().toString().equals("f.yaml:9:5")
        && d.message().contains("'text' in node 'a' belongs under its kind")), diags.sorted()::toString);
  }

  @Test
  void badDurationIsReportedAtTheValue() {
    assertOneError("resume_window: 10 minutes\n" + HEAD + "  a:\n    end: {text: Bye}\n",
        1, 16, "'resume_window' should be a duration, a number and a unit, like 500ms, 30s, 10m, 2h or 1d");
  }

  @Test
  void smsReplyTimeoutIsTheFlowsOwnOrEmptyForTheDeploymentDefault() {
    Flow own = parse("sms_reply_timeout: 12h\n" + HEAD + "  a:\n    end: {text: Bye}\n")
        .orElseThrow(() -> new AssertionError(diags.sorted()));
    assertEquals(Optional.of(Duration.ofHours(12)), own.smsReplyTimeout());
    Flow byDefault = parse(HEAD + "  a:\n    end: {text: Bye}\n").orElseThrow();
    assertEquals(Optional.empty(), byDefault.smsReplyTimeout());
  }

  @Test
  void badSmsReplyTimeoutIsReportedAtTheValue() {
    assertOneError(HEAD + "  a:\n    end: {text: Bye}\nsms_reply_timeout: 12 hours\n",
        8, 20, "'sms_reply_timeout' should be a duration, a number and a unit, like 500ms, 30s, 10m, 2h or 1d; "
            + "'12 hours' is not one");
  }

  @Test
  void misspeltSmsReplyTimeoutSuggestsTheKey() {
    assertOneError("sms_reply_timout: 12h\n" + HEAD + "  a:\n    end: {text: Bye}\n",
        1, 1, "did you mean 'sms_reply_timeout'?");
  }

  @Test
  void retriesThatAreNotANumberAreOneMistakeNotTwo() {
    assertOneError(HEAD + """
          a:
            ask: {text: Age, expect: number, invalid: A number, retries: many, on_retries_exhausted: b, next: b}
          b:
            end: {text: Bye}
        """, 7, 66, "'retries' should be a whole number, like 3; 'many' is not one");
  }

  @Test
  void badFlowIdIsReportedWithASuggestion() {
    assertOneError(HEAD.replace("flow: demo", "flow: Demo Flow") + "  a:\n    end: {text: Bye}\n",
        1, 7, "flow id 'Demo Flow' can only use lower-case letters, digits and '-' (e.g. 'demo-flow')");
  }

  @Test
  void quotedExpressionPositionIsPastTheQuote() {
    Flow f = parse(HEAD + """
          a:
            route:
              - when: "answers.x == 1"
                goto: a
              - else: a
        """).orElseThrow(() -> new AssertionError(diags.sorted()));
    assertEquals("f.yaml:8:16", ((Node.Route) f.require("a")).branches().get(0).when().pos().toString());
  }

  @Test
  void routeWithoutElseIsRefused() {
    assertOneError(HEAD + """
          a:
            route:
              - when: "true"
                goto: a
        """, 8, 7, "route 'a' must end with '- else: node'");
  }

  @Test
  void askWithUnknownExpectKind() {
    assertOneError(HEAD + """
          a:
            ask: {text: How old, expect: nmber, invalid: Again, next: a}
        """, 7, 34, "unknown kind of answer 'nmber'; did you mean 'number'?");
  }

  @Test
  void unknownActionSuggestsTheRightOne() {
    assertOneError(HEAD + """
          a:
            end:
              text: Bye
              do:
                - tagg: done
        """, 10, 11, "unknown action 'tagg'; did you mean 'tag'?");
  }

  @Test
  void syntaxErrorComesThroughWithItsPosition() {
    assertOneError(HEAD + "  a:\n    end: {text: Bye\n", 8, 1, "YAML syntax error");
  }

  @Test
  void everyMistakeIsReportedNotJustTheFirst() {
    assertTrue(parse("""
        flow: Bad_Id
        title: T
        languages: [en]
        start: a
        resume: sometimes
        nodes:
          a:
            say: {txt: Hi, next: a}
        """).isEmpty());
    List<String> where = diags.sorted().stream().map(d -> d.pos().line() + ":" + d.pos().col()).toList();
    assertEquals(List.of("1:7", "5:9", "8:11"), where, diags.sorted()::toString);
  }
}
