package org.kabambe.flow.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kabambe.diag.Severity.ERROR;
import static org.kabambe.diag.Severity.WARNING;
import static org.kabambe.flow.validate.Findings.assertFinding;
import static org.kabambe.flow.validate.Findings.assertNone;
import static org.kabambe.flow.validate.Findings.assertOnly;
import static org.kabambe.flow.validate.FlowBuilder.flow;
import static org.kabambe.flow.validate.FlowBuilder.tr;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Flow;
import org.kabambe.flow.expect.NumberExpect;
import org.kabambe.flow.settings.NavigationWords;

class FlowValidatorTest {
  private static final NumberExpect NUMBER = new NumberExpect(OptionalDouble.empty(), OptionalDouble.empty(), false);

  static List<Diagnostic> validate(Flow flow) {
    var out = new Diagnostics();
    FlowValidator.validate(flow, out);
    return out.sorted();
  }

  /** Every node kind, two languages, all translated and short: nothing to report. */
  static FlowBuilder cleanFlow() {
    return flow("clean").languages("en", "fr")
        .menu("welcome", tr("en", "Welcome", "fr", "Bienvenue"), m -> m
            .option(tr("en", "Quiz", "fr", "Quiz"), "age")
            .option(tr("en", "Tips", "fr", "Conseils"), "tips")
            .save("choice")
            .invalid(tr("en", "Choose 1 or 2", "fr", "Choisissez 1 ou 2")))
        .ask("age", tr("en", "How old are you?", "fr", "Quel âge avez-vous ?"), a -> a
            .expect(NUMBER).invalid("1-120").save("age").next("check").retries(3).onRetriesExhausted("bye"))
        .route("check", "split", "answers.age < 18", "minor")
        .say("minor", tr("en", "Ask a parent.", "fr", "Demandez à un parent."), "bye")
        .random("split", 50, "a", 50, "b")
        .doNode("a", "bye", d -> d.sms(tr("en", "Thanks!", "fr", "Merci !")).webhook("bye"))
        .call("b", "other-flow", "bye")
        .say("tips", "Wash your hands.", "welcome")
        .end("bye", tr("en", "Goodbye", "fr", "Au revoir"), d -> d.sms(tr("en", "Bye", "fr", "Salut")));
  }

  @Test
  void aCleanFlowHasNoFindings() {
    assertNone(validate(cleanFlow().build()));
  }

  @Test
  void anUnknownGotoIsAnErrorWithDidYouMean() {
    var b = flow("f").menu("welcome", "Hi", m -> m.option("Go", "goodby")).end("goodbye", "Bye");
    var found = validate(b.build());
    assertEquals(2, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), ERROR, b.pos("welcome.option1.goto"),
        "goto: there is no node 'goodby' in this flow; did you mean 'goodbye'?");
    // True as written, and the same fix clears it.
    assertFinding(found.get(1), WARNING, b.pos("goodbye"), "node 'goodbye' is never reached");
  }

  @Test
  void anUnknownStartIsAnErrorAndNothingIsCalledUnreachable() {
    var b = flow("f").start("begin").end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("start"), "start: there is no node 'begin'");
  }

  @Test
  void everyReferenceFieldIsChecked() {
    var b = flow("f")
        .ask("q", "Name?", a -> a.next("x1").retries(2).onRetriesExhausted("q2"))
        .end("bye", "Bye", d -> d.webhook("completely-different"))
        .ask("q2", "Name?", a -> a.next("bye").retries(2).onRetriesExhausted("x2"));
    var found = validate(b.build());
    assertEquals(3, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), ERROR, b.pos("q.next"), "next: there is no node 'x1'");
    assertFinding(found.get(1), ERROR, b.pos("bye.on_error1"), "on_error: there is no node 'completely-different'",
        "add a node with this id");
    assertFinding(found.get(2), ERROR, b.pos("q2.on_retries_exhausted"), "on_retries_exhausted: there is no node 'x2'");
  }

  @Test
  void aNodeNotReachableFromStartIsAWarning() {
    var b = flow("f").say("hello", "Hi", "bye").say("orphan", "Never shown", "bye").end("bye", "Bye");
    assertOnly(validate(b.build()), WARNING, b.pos("orphan"), "node 'orphan' is never reached", "'hello'");
  }

  @Test
  void nodesThatCannotReachAnEndAreErrors() {
    var b = flow("f")
        .menu("a", "A", m -> m.option("to b", "b"))
        .menu("b", "B", m -> m.option("to a", "a"))
        .end("bye", "Bye");
    var found = validate(b.build());
    assertEquals(3, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), ERROR, b.pos("a"), "no path from node 'a' leads to an end node");
    assertFinding(found.get(1), ERROR, b.pos("b"), "no path from node 'b' leads to an end node");
    assertFinding(found.get(2), WARNING, b.pos("bye"), "never reached");
  }

  @Test
  void aCallPassesThroughToItsNext() {
    var b = flow("f").call("sub", "other", "bye").end("bye", "Bye");
    assertNone(validate(b.build()));
  }

  @Test
  void aLoopWithoutInputIsAnErrorNamingThePath() {
    var b = flow("f")
        .route("check", "work", "vars.done", "bye")
        .doNode("work", "note", d -> { })
        .say("note", "Working", "check")
        .end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("check"),
        "loop without ever waiting for the participant: check -> work -> note -> check");
  }

  @Test
  void aLoopThroughAMenuIsFine() {
    var b = flow("f")
        .menu("menu", "Pick", m -> m.option("Again", "check").option("Stop", "bye"))
        .route("check", "menu")
        .end("bye", "Bye");
    assertNone(validate(b.build()));
  }

  @Test
  void aSelfLoopIsReportedOnceAsALoopNotAlsoAsADeadEnd() {
    var b = flow("f").route("spin", "spin");
    assertOnly(validate(b.build()), ERROR, b.pos("spin"), "spin -> spin");
  }

  @Test
  void aLoopInUnreachableNodesIsOnlyUnreachable() {
    var b = flow("f").say("hello", "Hi", "bye").route("spin", "spin").end("bye", "Bye");
    assertOnly(validate(b.build()), WARNING, b.pos("spin"), "node 'spin' is never reached");
  }

  @Test
  void aMissingTranslationIsAnError() {
    var b = flow("f").languages("en", "fr", "sw")
        .menu("m", tr("en", "Hi", "fr", "Salut", "sw", "Habari"), m -> m.option(tr("en", "Yes"), "bye"))
        .end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("m.option1.label"),
        "the label of option 1 in menu 'm' has no fr, sw translation", "translation_fallback: true");
  }

  @Test
  void aMissingTranslationIsAWarningWithFallback() {
    var b = flow("f").languages("en", "fr").translationFallback()
        .say("s", "Hi", "bye")
        .end("bye", "Bye", d -> d.sms(tr("en", "Thanks")));
    assertOnly(validate(b.build()), WARNING, b.pos("bye.sms1"),
        "the SMS in end 'bye' has no fr translation", "participants see the en text");
  }

  @Test
  void anOptionLongerThanAScreenIsAnError() {
    String fits = "x".repeat(182 - "2. ".length());
    String tooLong = "y".repeat(182 - "3. ".length() + 1);
    var b = flow("f").menu("m", "Pick", m -> m.option("Ok", "bye").option(fits, "bye").option(tooLong, "bye"))
        .end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("m.option3.label"),
        "option 3 of menu 'm' is too long for one USSD screen in every language",
        "needs 183 characters and a screen holds 182");
  }

  @Test
  void oneCharacterOutsideGsm7ShrinksTheScreenTo80() {
    String label = "Être " + "a".repeat(72); // "2. " + 77 = 80 units: fits exactly
    var b = flow("f").languages("en", "fr")
        .menu("m", "Pick", m -> m
            .option(tr("en", "Ok", "fr", "Oui"), "bye")
            .option(tr("en", "Yes", "fr", label), "bye")
            .option(tr("en", "No", "fr", label + "!"), "bye"))
        .end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("m.option3.label"), "in fr",
        "needs 81 characters and a screen holds 80 (UCS-2, because of 'Ê'; write 'E')");
  }

  @Test
  void aQuestionLongerThanAScreenIsAnError() {
    var b = flow("f").languages("en", "fr")
        .ask("q", tr("en", "Why?", "fr", "Pourquoi ? " + "ê".repeat(70)), a -> a.next("bye"))
        .end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("q.text"), "the question of ask 'q'", "in fr",
        "needs 81 characters and a screen holds 80");
  }

  @Test
  void aMenuWhoseTextCrowdsOutTheFirstOptionIsAWarning() {
    String text = "z".repeat(170);
    var b = flow("f").menu("m", text, m -> m.option("Continue", "bye").invalid("No")).end("bye", "Bye");
    // 170 + "\n1. Continue" (12) = 182 fits; one more character does not.
    assertNone(validate(b.build()).stream().filter(d -> d.pos().equals(b.pos("m.text"))).toList());
    var c = flow("f").menu("m", text + "z", m -> m.option("Continue", "bye")).end("bye", "Bye");
    assertOnly(validate(c.build()), WARNING, c.pos("m.text"),
        "the text of menu 'm' and its first option do not fit on one USSD screen in en",
        "183 characters and a screen holds 182", "shorten the text by 1 character");
  }

  /** A menu's text is a question too: longer than a screen by itself, it can never be shown whole with a choice. */
  @Test
  void aMenuTextLongerThanAScreenIsAnErrorLikeAQuestion() {
    var b = flow("f").menu("m", "t".repeat(183), m -> m.option("Yes", "bye")).end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("m.text"), "the text of menu 'm' is too long for one USSD screen in"
        + " every language: it needs 183 characters and a screen holds 182, and the participant must see it whole to"
        + " choose; shorten it or put part of it in a say node before");
  }

  /** Issue 11: a 179-character question passed, but after a first answer "0 Back" splits it over two pages. */
  @Test
  void aQuestionThatPagesWithTheBackLineIsAWarningNamingPagesAndWhy() {
    String question = "q".repeat(179);
    var b = flow("f")
        .menu("start", "Go?", m -> m.option("Yes", "q"))
        .ask("q", question, a -> a.invalid("No").next("bye"))
        .end("bye", "Bye");
    assertOnly(validate(b.build()), WARNING, b.pos("q.text"),
        "the question of ask 'q' takes 2 USSD pages in en: it needs 186 characters with the line the engine adds"
            + " (\"0 Back\") and a screen holds 182; participants must choose 98 to read the rest before they"
            + " answer; shorten it by 4 characters");
    // As the first screen there is no Back line: the question fits; with its invalid text above it, it does not.
    var first = flow("f").ask("q", question, a -> a.invalid("Please answer.").next("bye")).end("bye", "Bye");
    assertOnly(validate(first.build()), WARNING, first.pos("q.invalid"),
        "after an invalid answer, ask 'q' takes 3 USSD pages in en: the invalid text and the question need 194",
        "shorten the invalid text or the question by 12 characters");
  }

  @Test
  void theHomeLineTheProgrammeShowsCountsToo() {
    String question = "q".repeat(172); // with "0 Back": 179; with "00 Home" too: 187
    var b = flow("f")
        .menu("start", "Go?", m -> m.option("Yes", "q"))
        .ask("q", question, a -> a.invalid("No").next("bye"))
        .end("bye", "Bye");
    assertNone(validate(b.build()));
    var out = new Diagnostics();
    FlowValidator.validate(b.build(), new NavigationWords(java.util.Map.of(), true), out);
    assertOnly(out.sorted(), WARNING, b.pos("q.text"), "takes 2 USSD pages in en",
        "187 characters with the lines the engine adds (\"0 Back\", \"00 Home\")", "shorten it by 5 characters");
  }

  /** UCS-2 near 80: "0 Retour" pushes a 76-unit French question over; only 'â' makes it UCS-2. */
  @Test
  void aUcs2QuestionNear80PagesAndTheAccentThatCausesItIsNamed() {
    String fr = "Quel âge avez-vous ? " + "x".repeat(55); // 76 UTF-16 units
    var b = flow("f").languages("en", "fr")
        .menu("start", tr("en", "Go?", "fr", "On y va ?"), m -> m.option(tr("en", "Yes", "fr", "Oui"), "q"))
        .ask("q", tr("en", "How old are you?", "fr", fr), a -> a.expect(NUMBER).invalid(tr("en", "No", "fr", "Non"))
            .next("bye"))
        .end("bye", tr("en", "Bye", "fr", "Salut"));
    assertOnly(validate(b.build()), WARNING, b.pos("q.text"),
        "the question of ask 'q' takes 2 USSD pages in fr: it needs 85 characters with the line the engine adds"
            + " (\"0 Retour\") and a screen holds 80 (UCS-2, because of 'â'; write 'a')",
        "the screen is UCS-2 (80 characters, not 182) only because of 'â' (character 6 of the question): write 'a'"
            + " instead and it takes 1 page", "shorten it by 5 characters");
  }

  /** Issue 11: an invalid answer's text shown above a question or a menu pushes it off the first page. */
  @Test
  void anInvalidTextThatPushesTheQuestionOffThePageIsAWarning() {
    String question = "q".repeat(150);
    var b = flow("f")
        .ask("q", question, a -> a.expect(NUMBER).invalid("That is not a number. Try again.").next("m"))
        .menu("m", "m".repeat(110), m -> m.option("Yes", "bye").option("No", "bye"))
        .end("bye", "Bye");
    var found = validate(b.build());
    assertEquals(2, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), WARNING, b.pos("q.invalid"), "after an invalid answer, ask 'q' takes 2 USSD pages"
        + " in en: the invalid text and the question need 183 characters and a screen holds 182; participants see"
        + " the question again only after choosing 98; shorten the invalid text or the question by 1 character");
    // The menu has no invalid text: the engine's notice (56 characters) goes above it.
    assertFinding(found.get(1), WARNING, b.pos("m.text"), "after an invalid answer, menu 'm' shows its choices only"
        + " on page 2 in en: the engine's invalid notice (\"Sorry, that is not one of the…\") with the text and the"
        + " first option needs 189 characters with the lines the engine adds (\"98 More\", \"0 Back\")",
        "give it a shorter invalid: text, or shorten the menu text, by 7 characters");
  }

  /** One 'ê' makes a whole menu UCS-2: six short choices need two pages instead of one. */
  @Test
  void anAccentThatMakesAMenuTakeMorePagesIsNamedWithItsReplacement() {
    var b = flow("f").languages("fr")
        .menu("m", "Choisissez un sujet :", m -> m
            .option("Vaccins", "bye").option("Nutrition", "bye").option("Fête de la santé", "bye")
            .option("Sommeil", "bye").option("Sport", "bye").option("Autre sujet", "bye"))
        .end("bye", "Merci");
    assertOnly(validate(b.build()), WARNING, b.pos("m.option3.label"), "menu 'm' takes 2 USSD pages in fr because"
        + " of the label of option 3 in menu 'm': the screen is UCS-2 (80 characters, not 182) only because of 'ê'"
        + " (character 2 of the label): write 'e' instead and it takes 1 page");
  }

  /** Issue 11, defect 1: a say followed by an end shares the closing screen, which then pages. */
  @Test
  void aSayBeforeAnEndThatMakesTheClosingScreenPageIsAWarning() {
    var b = flow("f").say("s", "s".repeat(120), "bye").end("bye", "b".repeat(80));
    assertOnly(validate(b.build()), WARNING, b.pos("s.text"), "say 's' and end 'bye' share the closing screen,"
        + " which takes 2 USSD pages in en: together they need 201 characters and a screen holds 182; participants"
        + " must choose 98 to read the rest before the session closes; shorten them by 19 characters");
  }

  /** Issue 11 (with defect 1): a closing text longer than a screen pages; a curly apostrophe can be why. */
  @Test
  void anEndTextThatPagesIsAWarning() {
    var b = flow("f").end("bye", "b".repeat(200));
    assertOnly(validate(b.build()), WARNING, b.pos("bye.text"), "the text of end 'bye' takes 2 USSD pages in en:"
        + " it needs 200 characters and a screen holds 182; participants must choose 98 to read the rest before the"
        + " session closes; shorten it by 18 characters, or send the details by SMS");
    var c = flow("f").end("bye", "Thanks, we\u2019ll text you. " + "b".repeat(70));
    assertOnly(validate(c.build()), WARNING, c.pos("bye.text"), "takes 2 USSD pages in en",
        "(UCS-2, because of '\u2019'; write ''')", "only because of '\u2019' (character 11 of the text): write '''"
            + " instead and it takes 1 page");
    var d = flow("f").end("bye", "Merci \u2013 \u00e0 bient\u00f4t. " + "b".repeat(70));
    assertOnly(validate(d.build()), WARNING, d.pos("bye.text"), "only because of characters outside GSM-7, the first"
        + " (character 7 of the text): write '-' for '\u2013', 'o' for '\u00f4' and it takes 1 page");
  }

  @Test
  void anSmsOverTheSegmentLimitIsAWarningWithEncodingAndLength() {
    String twoSegments = "g".repeat(306);
    String threeSegments = "g".repeat(307);
    String ucs2ThreeSegments = "ê" + "e".repeat(134);
    var b = flow("f").languages("en", "fr")
        .doNode("d", "bye", d -> d
            .sms(twoSegments)
            .sms(threeSegments)
            .sms(tr("en", "Short", "fr", ucs2ThreeSegments)))
        .end("bye", "Bye");
    var found = validate(b.build());
    assertEquals(2, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), WARNING, b.pos("d.sms2"), "the SMS in do 'd' costs 3 SMS segments in every language"
        + " (GSM-7, 307 characters); the limit is 2: shorten it or raise sms_segments");
    assertFinding(found.get(1), WARNING, b.pos("d.sms3"),
        "costs 3 SMS segments in fr (UCS-2 because of 'ê', 135 characters); the limit is 2");
  }

  @Test
  void theSegmentLimitIsTheFlowsOwn() {
    var b = flow("f").smsSegments(3).end("bye", "Bye", d -> d.sms("g".repeat(307)));
    assertNone(validate(b.build()));
  }

  @Test
  void optionsSavingTheSameValueAreAWarning() {
    var b = flow("f")
        .menu("m", "Pick", m -> m.option("Yes", "bye", "yes").option("Sure", "bye", "yes").option("Maybe", "bye"))
        .menu("n", "Pick", m -> m.option("One", "bye", "2").option("Two", "bye"))
        .end("bye", "Bye");
    var found = validate(b.build()).stream().filter(d -> !d.message().contains("never reached")).toList();
    assertEquals(2, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), WARNING, b.pos("m.option2"), "option 2 of menu 'm' saves the same value \"yes\" as"
        + " option 1");
    assertFinding(found.get(1), WARNING, b.pos("n.option2"), "option 2 of menu 'n' saves the same value \"2\" as"
        + " option 1");
  }

  @Test
  void aMenuWithMoreThan30OptionsIsAnError() {
    var thirty = flow("f").menu("m", "Pick", m -> {
      for (int i = 0; i < 30; i++) m.option("o" + i, "bye");
    }).end("bye", "Bye");
    assertNone(validate(thirty.build()));
    var b = flow("f").menu("m", "Pick", m -> {
      for (int i = 0; i < 31; i++) m.option("o" + i, "bye");
    }).end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("m"), "menu 'm' has 31 options; at most 30");
  }

  @Test
  void aRandomArmWithoutWeightIsAnError() {
    var b = flow("f").random("split", 50, "bye", 0, "bye", -1, "bye").end("bye", "Bye");
    var found = validate(b.build());
    assertEquals(2, found.size(), () -> Findings.lines(found));
    assertFinding(found.get(0), ERROR, b.pos("split.arm2"), "arm 2 of the random route 'split' has weight 0");
    assertFinding(found.get(1), ERROR, b.pos("split.arm3"), "has weight -1");
  }

  @Test
  void aSaveNameWithTwoTypesIsAnErrorAtTheSecond() {
    var b = flow("f")
        .ask("age", "Age?", a -> a.expect(NUMBER).save("age").next("again"))
        .menu("again", "Age group?", m -> m.option("Under 18", "same").save("age"))
        .ask("same", "Age again?", a -> a.expect(NUMBER).save("age").next("bye"))
        .end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("again"), "menu 'again' saves text as 'age'",
        "ask 'age' (line " + b.pos("age").line() + ") saves number");
  }

  @Test
  void retriesWithoutAPlaceToGoIsAnError() {
    var b = flow("f").ask("q", "Name?", a -> a.retries(3).next("bye")).end("bye", "Bye");
    assertOnly(validate(b.build()), ERROR, b.pos("q"), "allows 3 retries but has no on_retries_exhausted");
  }
}
