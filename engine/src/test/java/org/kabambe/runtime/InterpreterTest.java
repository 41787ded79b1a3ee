package org.kabambe.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.Flow;
import org.kabambe.runtime.InterpreterPhone.Shown;


/** The interpreter and the renderers as a participant meets them: screens shown after each input. */
class InterpreterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);
  private static final String PHONE = "+254700000001";

  @TempDir Path dir;
  private Catalog catalog;

  private static final String FIELDS = """
      fields:
        district: {type: text}
      """;

  /** A survey: menu, number ask (0 allowed), route on the age, a text ask that refuses "0", an end. */
  private static final String SURVEY = """
      flow: survey
      title: Survey
      languages: [en, fr]
      start: welcome
      triggers: {ussd: ["*100#"], keywords: [SURVEY]}
      nodes:
        welcome:
          menu:
            text: {en: "Welcome to the survey", fr: "Bienvenue au sondage"}
            save: choice
            invalid: {en: "Choose 1 or 2", fr: "Choisissez 1 ou 2"}
            options:
              - {label: {en: "Take part", fr: "Participer"}, value: part, goto: children}
              - {label: {en: "Not sure yet", fr: "Pas encore sûr"}, value: unsure, goto: check}
        children:
          ask:
            text: {en: "How many children do you have?", fr: "Combien d'enfants avez-vous ?"}
            expect: {number: {min: 0, max: 30, integer: true}}
            invalid: {en: "Send a number, e.g. 2", fr: "Envoyez un nombre, ex. 2"}
            save: children
            next: check
        check:
          route:
            - when: answers.children > 2
              goto: big_family
            - else: name
        big_family:
          say:
            text: {en: "A big family!", fr: "Une grande famille !"}
            next: name
        name:
          ask:
            text: {en: "Your first name?", fr: "Votre prénom ?"}
            expect: {text: {min_length: 2}}
            invalid: {en: "At least 2 letters", fr: "Au moins 2 lettres"}
            save: name
            next: bye
        bye:
          end:
            text: {en: "Thank you {{answers.name}}!", fr: "Merci {{answers.name}} !"}
      """;

  @BeforeEach
  void loadFlows() throws IOException {
    write("fields.yaml", FIELDS);
    write("survey.yaml", SURVEY);
  }

  private void write(String name, String yaml) throws IOException {
    Files.writeString(dir.resolve(name), yaml);
    catalog = null;
  }

  private Catalog catalog() {
    if (catalog == null) {
      catalog = CatalogLoader.standard().load(List.of(dir));
      List<Diagnostic> errors = catalog.diagnostics().stream().filter(Diagnostic::isError).toList();
      assertTrue(errors.isEmpty(), () -> "the test flows must load: " + errors);
    }
    return catalog;
  }

  private InterpreterPhone phone(Channel channel, String phone, String language) {
    return new InterpreterPhone(catalog(), channel, phone, language, Map.of(), CLOCK, ArmPicker.seeded(7),
        UssdBudget.DEFAULT, call -> WebhookOutcome.failed("no network in tests"));
  }

  private InterpreterPhone ussd() {
    return phone(Channel.USSD, PHONE, "en");
  }

  private Interpreter interpreter() {
    Catalog c = catalog();
    FlowLookup lookup = new FlowLookup() {
      public Optional<Flow> current(String id) {
        return c.flow(id);
      }

      public Optional<Flow> pinned(String id, String hash) {
        return c.flow(id);
      }
    };
    return new Interpreter(lookup, CLOCK, ArmPicker.seeded(7), Pager.SINGLE_PAGE);
  }

  private static String ussdScreen(StepResult r) {
    return new UssdRenderer(UssdBudget.DEFAULT).render(r.prompt(), r.conversation().page(), NavLabels.ENGLISH).text();
  }

  private static <T extends Effect> List<T> effects(Shown s, Class<T> kind) {
    return s.effects().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  // ---- menus, asks, invalid input ------------------------------------------------------------------------

  @Test
  void aMenuChoiceIsSavedAndLeadsToItsNode() {
    InterpreterPhone p = ussd();
    Shown welcome = p.dial("*100#");
    assertEquals("Welcome to the survey\n1. Take part\n2. Not sure yet", welcome.screen());
    assertFalse(welcome.closes());
    Shown next = p.send("1");
    assertEquals("How many children do you have?\n0 Back", next.screen());
    assertEquals("part", next.answers().get("choice"));
    assertEquals("children", next.nodeId());
  }

  @Test
  void invalidAnswersReAskWithTheInvalidTextAndNeverEndTheSession() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("1");
    for (String bad : List.of("many", "31", "-1", "2.5", "", "NaN", "1e3")) {
      Shown s = p.send(bad);
      assertEquals("Send a number, e.g. 2\nHow many children do you have?\n0 Back", s.screen(), "input " + bad);
      assertFalse(s.closes(), "input " + bad);
      assertEquals("children", s.nodeId());
      assertEquals(1, effects(s, Effect.InvalidAnswer.class).size());
    }
    assertEquals("Your first name?\n0 Back", p.send("2").screen());
  }

  @Test
  void anInvalidMenuChoiceShowsTheMenusInvalidText() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    Shown s = p.send("3");
    assertEquals("Choose 1 or 2\nWelcome to the survey\n1. Take part\n2. Not sure yet", s.screen());
    assertFalse(s.closes());
  }

  @Test
  void anOptionHiddenByItsConditionIsNeitherShownNorChosenAndTheOthersAreRenumbered() throws IOException {
    write("nurse.yaml", """
        flow: nurse
        title: Nurse
        languages: [en]
        start: menu
        triggers: {ussd: ["*800#"]}
        nodes:
          menu:
            menu:
              text: "Help"
              save: pick
              options:
                - {label: "Talk to a nurse", value: nurse, when: 'contact.district == "Kibera"', goto: done}
                - {label: "Facts", value: facts, goto: done}
          done:
            end: {text: "You chose {{answers.pick}}"}
        """);
    InterpreterPhone elsewhere = new InterpreterPhone(catalog(), Channel.USSD, PHONE, "en", Map.of("district", "Kisumu"),
        CLOCK, ArmPicker.seeded(7), UssdBudget.DEFAULT, call -> WebhookOutcome.failed("no network"));
    assertEquals("Help\n1. Facts", elsewhere.dial("*800#").screen());
    assertEquals("You chose facts", elsewhere.send("1").screen());
    InterpreterPhone kibera = new InterpreterPhone(catalog(), Channel.USSD, PHONE, "en", Map.of("district", "Kibera"),
        CLOCK, ArmPicker.seeded(7), UssdBudget.DEFAULT, call -> WebhookOutcome.failed("no network"));
    assertEquals("Help\n1. Talk to a nurse\n2. Facts", kibera.dial("*800#").screen());
    assertEquals("You chose facts", kibera.send("2").screen());
    InterpreterPhone unknown = ussd(); // no district at all: the condition cannot be true, the option stays hidden
    assertEquals("Help\n1. Facts", unknown.dial("*800#").screen());
    assertEquals("Sorry, that is not one of the choices. Please try again.\nHelp\n1. Facts", unknown.send("2").screen(),
        "option 2 does not exist for them");
  }

  @Test
  void anEndedConversationKeepsNoBackHistory() {
    Interpreter in = interpreter();
    StepResult r = in.start(catalog().flow("survey").orElseThrow(), PHONE, Channel.USSD, "en", Map.of());
    r = in.reply(r.conversation(), "1");
    r = in.reply(r.conversation(), "1");
    assertFalse(r.conversation().history().isEmpty(), "Back history while the flow runs");
    r = in.reply(r.conversation(), "Amina");
    assertTrue(r.conversation().ended());
    assertEquals("Thank you Amina!", ussdScreen(r));
    assertTrue(r.conversation().history().isEmpty(), "nothing goes Back from an end screen");
    assertEquals("Amina", r.conversation().current().answers().get("name"), "answers stay");
  }

  @Test
  void zeroIsAnAnswerToANumberQuestionNotBack() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("1");
    Shown s = p.send("0");
    assertEquals("name", s.nodeId());
    assertEquals(0L, ((Number) s.answers().get("children")).longValue());
  }

  @Test
  void retriesExhaustedLeadsToItsNode() throws IOException {
    write("pin.yaml", """
        flow: pin
        title: PIN
        languages: [en]
        start: pin
        triggers: {ussd: ["*200#"]}
        nodes:
          pin:
            ask:
              text: "Your 4-digit code?"
              expect: {text: {pattern: "[0-9]{4}"}}
              invalid: "4 digits, please"
              retries: 3
              on_retries_exhausted: locked
              next: ok
          ok:
            end: {text: "Welcome back"}
          locked:
            end: {text: "Too many tries. Call the helpline."}
        """);
    InterpreterPhone p = ussd();
    p.dial("*200#");
    assertEquals("4 digits, please\nYour 4-digit code?", p.send("12").screen());
    assertEquals("4 digits, please\nYour 4-digit code?", p.send("abcd").screen());
    Shown locked = p.send("99999");
    assertEquals("Too many tries. Call the helpline.", locked.screen());
    assertTrue(locked.closes());
  }

  @Test
  void aValidAnswerResetsTheRetryCount() throws IOException {
    write("two.yaml", """
        flow: two
        title: Two codes
        languages: [en]
        start: a
        triggers: {ussd: ["*201#"]}
        nodes:
          a:
            ask: {text: "Code A?", expect: number, invalid: "A number", retries: 2, on_retries_exhausted: locked, next: b}
          b:
            ask: {text: "Code B?", expect: number, invalid: "A number", retries: 2, on_retries_exhausted: locked, next: ok}
          ok:
            end: {text: "Done"}
          locked:
            end: {text: "Locked"}
        """);
    InterpreterPhone p = ussd();
    p.dial("*201#");
    p.send("x");
    assertEquals("Code B?\n0 Back", p.send("1").screen());
    assertEquals("A number\nCode B?\n0 Back", p.send("y").screen());
    assertEquals("Locked", p.send("z").screen());
  }

  // ---- navigation ----------------------------------------------------------------------------------------

  @Test
  void backGoesToThePreviousScreenAndKeepsTheAnswers() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("1");
    p.send("2");
    Shown back = p.send("0");
    assertEquals("How many children do you have?\n0 Back", back.screen());
    assertEquals("children", back.nodeId());
    assertEquals(2L, ((Number) back.answers().get("children")).longValue());
    assertEquals("part", back.answers().get("choice"));
  }

  @Test
  void doubleZeroGoesHome() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("1");
    p.send("5");
    Shown home = p.send("00");
    assertEquals("welcome", home.nodeId());
    assertEquals("Welcome to the survey\n1. Take part\n2. Not sure yet", home.screen());
    assertFalse(home.screen().contains("0 Back"), "home is the first screen again");
    assertEquals(5L, ((Number) home.answers().get("children")).longValue(), "answers survive going home");
  }

  @Test
  void zeroGoesBackFromAFreeTextQuestion() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("1");
    p.send("1");
    Shown back = p.send("0");
    assertEquals("children", back.nodeId(), "a free-text question does not take 0 as its answer");
    assertFalse(back.answers().containsKey("name"));
  }

  private void writePagedMenu() throws IOException {
    var options = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      options.append("        - {label: \"District number ").append(i).append(" of the region\", value: d")
          .append(i).append(", goto: done}\n");
    }
    write("pages.yaml", """
        flow: pages
        title: Pages
        languages: [en]
        start: district
        triggers: {ussd: ["*300#"]}
        nodes:
          district:
            menu:
              text: "Where do you live?"
              save: district
              options:
        %s  done:
            end: {text: "You chose {{answers.district}}"}
        """.formatted(options.toString().replace("        - ", "          - ")));
  }

  @Test
  void moreShowsTheNextPageAndOptionNumbersAreGlobal() throws IOException {
    writePagedMenu();
    InterpreterPhone p = ussd();
    Shown first = p.dial("*300#");
    assertTrue(first.pages() > 1, first::screen);
    assertTrue(first.screen().startsWith("Where do you live?\n1. District number 1 of the region"), first::screen);
    assertTrue(first.screen().endsWith("\n98 More"), first::screen);
    assertTrue(first.units() <= 182, first::screen);
    Shown second = p.send("98");
    assertEquals(1, second.page());
    String firstOnSecond = second.screen().lines().findFirst().orElseThrow();
    int n = Integer.parseInt(firstOnSecond.substring(0, firstOnSecond.indexOf('.')));
    assertTrue(n > 1, "page 2 continues the numbering: " + second.screen());
    assertTrue(second.screen().contains("0 Back"), second::screen);
    assertEquals(first.screen(), p.send("0").screen(), "0 on page 2 goes back a page");
    p.send("98");
    Shown chosen = p.send(Integer.toString(n));
    assertEquals("You chose d" + n, chosen.screen());
  }

  @Test
  void aNumberFromALaterPageWorksOnTheFirstPage() throws IOException {
    writePagedMenu();
    InterpreterPhone p = ussd();
    p.dial("*300#");
    assertEquals("You chose d12", p.send("12").screen());
  }

  @Test
  void aSayIsShownAboveTheNextScreen() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("1");
    Shown s = p.send("4");
    assertEquals("A big family!\nYour first name?\n0 Back", s.screen());
    assertEquals("name", s.nodeId());
  }

  // ---- routes and random splits --------------------------------------------------------------------------

  @Test
  void aConditionThatFailsAtRunTimeFallsToElseAndIsRecorded() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    Shown s = p.send("2"); // "not sure" skips the children question: answers.children is unset
    assertEquals("Your first name?\n0 Back", s.screen());
    List<Effect.ExpressionFailed> failed = effects(s, Effect.ExpressionFailed.class);
    assertEquals(1, failed.size(), s.effects()::toString);
    assertEquals("check", failed.get(0).nodeId());
    assertTrue(failed.get(0).expression().contains("answers.children"), failed.get(0)::toString);
  }

  private static final String SPLIT = """
      flow: split
      title: Split
      languages: [en]
      start: split
      triggers: {ussd: ["*400#"]}
      nodes:
        split:
          route:
            random:
              - {weight: 50, goto: arm_a}
              - {weight: 50, goto: arm_b}
        arm_a:
          menu: {text: "Arm A", options: [{label: "OK", goto: done}]}
        arm_b:
          menu: {text: "Arm B", options: [{label: "OK", goto: done}]}
        done:
          end: {text: "Bye"}
      """;

  @Test
  void aRandomSplitIsTheSameForOnePhoneAndRecordedOnce() throws IOException {
    write("split.yaml", SPLIT);
    InterpreterPhone p = phone(Channel.USSD, PHONE, "en");
    Shown first = p.dial("*400#");
    List<Effect.ArmAssigned> assigned = effects(first, Effect.ArmAssigned.class);
    assertEquals(1, assigned.size());
    String arm = first.screen();
    Shown again = p.send("00");
    assertEquals(arm, again.screen(), "the same participant keeps their arm");
    assertTrue(effects(again, Effect.ArmAssigned.class).isEmpty(), "the arm is recorded only the first time");
    assertEquals(arm, phone(Channel.USSD, PHONE, "en").dial("*400#").screen(), "deterministic per phone");
  }

  @Test
  void aRandomSplitSendsPhonesToBothArms() throws IOException {
    write("split.yaml", SPLIT);
    int a = 0;
    for (int i = 0; i < 200; i++) {
      if (phone(Channel.USSD, "+2547000" + (1000 + i), "en").dial("*400#").screen().startsWith("Arm A")) a++;
    }
    assertTrue(a > 70 && a < 130, "about half of 200 phones get arm A: " + a);
  }

  // ---- calls ---------------------------------------------------------------------------------------------

  @Test
  void aCalledFlowReturnsWithItsOwnAnswersAndItsEndAboveTheCallersScreen() throws IOException {
    write("caller.yaml", """
        flow: caller
        title: Caller
        languages: [en]
        start: name
        triggers: {ussd: ["*500#"]}
        nodes:
          name:
            ask: {text: "Your name?", expect: text, invalid: "A name, please", save: name, next: consent}
          consent:
            call: {flow: callee, next: after}
          after:
            menu:
              text: "Thanks {{answers.name}}. Continue?"
              options: [{label: "Yes", goto: done}]
          done:
            end: {text: "Bye {{answers.name}}"}
        """);
    write("callee.yaml", """
        flow: callee
        title: Callee
        languages: [en]
        start: agree
        nodes:
          agree:
            menu:
              text: "Do you agree?"
              save: name
              options: [{label: "I agree", value: agreed, goto: finish}]
          finish:
            end: {text: "Consent noted."}
        """);
    InterpreterPhone p = ussd();
    p.dial("*500#");
    Shown inCallee = p.send("Amina");
    assertEquals("callee", inCallee.flowId());
    assertTrue(inCallee.screen().startsWith("Do you agree?\n1. I agree"), inCallee::screen);
    Shown back = p.send("1");
    assertEquals("Consent noted.\nThanks Amina. Continue?\n1. Yes\n0 Back", back.screen());
    assertEquals("caller", back.flowId());
    assertEquals(Map.of("name", "Amina"), back.answers(), "the callee's answers stay in its own frame");
    assertEquals(1, effects(back, Effect.FlowCompleted.class).size());
    Shown intoCallee = p.send("0");
    assertEquals("callee", intoCallee.flowId(), "back crosses into the called flow's last screen");
    assertEquals("agree", intoCallee.nodeId());
    assertEquals("Consent noted.\nThanks Amina. Continue?\n1. Yes\n0 Back", p.send("1").screen());
    assertEquals("Bye Amina", p.send("1").screen());
  }

  // ---- actions and webhooks ------------------------------------------------------------------------------

  @Test
  void actionsProduceTheirEffects() throws IOException {
    write("acts.yaml", """
        flow: acts
        title: Actions
        languages: [en, fr]
        start: work
        triggers: {ussd: ["*600#"]}
        nodes:
          work:
            do:
              actions:
                - set: {score: "2 + 3"}
                - contact: {district: "'Kibera'"}
                - language: "'fr'"
                - sms: {en: "Score {{vars.score}}", fr: "Note {{vars.score}}"}
                - tag: done-actions
                - subscribe: tips
                - unsubscribe: old-tips
                - opt_out
                - opt_in
              next: show
          show:
            end: {text: {en: "Score {{vars.score}} in {{contact.district}}", fr: "Note {{vars.score}} à {{contact.district}}"}}
        """);
    InterpreterPhone p = ussd();
    Shown s = p.dial("*600#");
    assertEquals("Note 5 à Kibera", s.screen());
    assertTrue(s.closes());
    assertEquals(List.of("Note 5"), s.smsQueued());
    assertEquals(List.of(new Effect.ContactUpdated("district", "Kibera")), effects(s, Effect.ContactUpdated.class));
    assertEquals(List.of(new Effect.LanguageChanged("fr")), effects(s, Effect.LanguageChanged.class));
    assertEquals(List.of(new Effect.Tagged("done-actions")), effects(s, Effect.Tagged.class));
    assertEquals(List.of(new Effect.Subscribed("tips")), effects(s, Effect.Subscribed.class));
    assertEquals(List.of(new Effect.Unsubscribed("old-tips")), effects(s, Effect.Unsubscribed.class));
    assertEquals(1, effects(s, Effect.OptedOut.class).size());
    assertEquals(1, effects(s, Effect.OptedIn.class).size());
    assertEquals("fr", p.conversation().orElseThrow().language());
  }

  private static final String CLINIC = """
      flow: clinic
      title: Clinic finder
      languages: [en]
      start: lookup
      triggers: {ussd: ["*700#"]}
      nodes:
        lookup:
          do:
            actions:
              - webhook:
                  url: "https://example.org/clinics?phone={{contact.phone}}"
                  save: clinic
                  on_error: sorry
              - tag: looked-up
            next: found
        found:
          end: {text: "Nearest clinic: {{vars.clinic.name}}"}
        sorry:
          end: {text: "Clinic search is not available now."}
      """;

  @Test
  void aWebhookSuspendsTheStepAndItsJsonIsSavedOnSuccess() throws IOException {
    write("clinic.yaml", CLINIC);
    Interpreter in = interpreter();
    StepResult waiting = in.start(catalog().flow("clinic").orElseThrow(), PHONE, Channel.USSD, "en",
        Map.of("phone", PHONE));
    WebhookCall call = waiting.webhook().orElseThrow();
    // A query value is percent-encoded ('+' would read as a space): "+254..." is sent as "%2B254...".
    assertEquals("https://example.org/clinics?phone=%2B254700000001", call.url());
    assertEquals("POST", call.method());
    assertFalse(waiting.closes());
    StepResult done = in.afterWebhook(waiting.conversation(),
        WebhookOutcome.success(Map.of("name", "Kibera Health Centre")));
    assertTrue(done.webhook().isEmpty());
    assertEquals("Nearest clinic: Kibera Health Centre", ussdScreen(done));
    assertTrue(done.closes());
    assertTrue(done.effects().contains(new Effect.Tagged("looked-up")), "actions after the webhook still run");
    assertEquals(Map.of("name", "Kibera Health Centre"), done.conversation().current().vars().get("clinic"));
  }

  @Test
  void aFailedWebhookTakesOnError() throws IOException {
    write("clinic.yaml", CLINIC);
    Interpreter in = interpreter();
    StepResult waiting = in.start(catalog().flow("clinic").orElseThrow(), PHONE, Channel.USSD, "en", Map.of());
    StepResult failed = in.afterWebhook(waiting.conversation(), WebhookOutcome.failed("timeout after 5s"));
    assertEquals("Clinic search is not available now.", ussdScreen(failed));
    assertFalse(failed.effects().contains(new Effect.Tagged("looked-up")));
    assertTrue(failed.effects().stream().anyMatch(e -> e instanceof Effect.ExpressionFailed f
        && f.error().contains("timeout")), failed.effects()::toString);
  }

  @Test
  void aReplyWhileWaitingForAWebhookChangesNothing() throws IOException {
    write("clinic.yaml", CLINIC);
    Interpreter in = interpreter();
    StepResult waiting = in.start(catalog().flow("clinic").orElseThrow(), PHONE, Channel.USSD, "en", Map.of());
    StepResult r = in.reply(waiting.conversation(), "1");
    assertEquals(waiting.conversation(), r.conversation());
    assertTrue(r.effects().isEmpty());
  }

  // ---- SMS -----------------------------------------------------------------------------------------------

  @Test
  void anSmsConversationAnswersByNumberAndByLabelWords() {
    InterpreterPhone p = phone(Channel.SMS, PHONE, "fr");
    Shown menu = p.send("survey");
    assertEquals("Bienvenue au sondage\n1. Participer\n2. Pas encore sûr", menu.screen());
    assertEquals("Combien d'enfants avez-vous ?", p.send("participer").screen());
    Shown name = p.send("3");
    assertEquals(List.of("Une grande famille !", "Votre prénom ?"), name.messages(), "a say is its own SMS");
    Shown end = p.send("Amina");
    assertEquals("Merci Amina !", end.screen());
    assertTrue(end.closes());

    InterpreterPhone q = phone(Channel.SMS, "+254700000002", "fr");
    q.send("SURVEY");
    assertEquals("Votre prénom ?", q.send("pas encore").screen(), "label words, folded, choose option 2");
  }

  @Test
  void backAndHomeAreNotNavigationOverSms() {
    InterpreterPhone p = phone(Channel.SMS, PHONE, "en");
    p.send("SURVEY");
    p.send("1");
    Shown s = p.send("00");
    assertEquals("name", s.nodeId(), "00 is the number zero: an answer to the children question");
  }

  @Test
  void aLastScreenLongerThanAPageIsReadWith98() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("2");
    String name = "Nakato Namubiru Kisakye Nalwanga Achieng Atieno ".repeat(4).strip();
    Shown first = p.send(name);
    assertFalse(first.closes(), "the first page of a long last screen keeps the session open");
    assertTrue(first.screen().endsWith("\n98 More"), first::screen);
    Shown second = p.send("98");
    assertEquals(1, second.page(), "98 shows the next page of the last screen");
    assertTrue(second.screen().endsWith("!"), second::screen);
    assertTrue(second.closes());
  }

  // ---- awkward input -------------------------------------------------------------------------------------

  private static final List<String> AWKWARD = List.of(
      "", " ", "*", "#", "*#", "1*2#", "**21#", "98*", "😀", "👍🏽 ok", "ሰላም ለዓለም", "مرحبا بالعالم",
      "x".repeat(200), "ሰ".repeat(200), "😀".repeat(100), "مرحبا ".repeat(33), "e\u0301".repeat(100),
      "\u0000", "\n", "１", "١٢");

  @Test
  void awkwardInputsAtAMenuReAskAndNeverThrow() {
    for (String input : AWKWARD) {
      InterpreterPhone p = ussd();
      p.dial("*100#");
      Shown s = p.send(input);
      assertFalse(s.closes(), () -> "input " + input);
      assertEquals("welcome", s.nodeId(), () -> "input " + input);
      assertTrue(s.screen().startsWith("Choose 1 or 2\nWelcome to the survey"), () -> input + " -> " + s.screen());
    }
  }

  @Test
  void awkwardInputsAtANumberQuestionReAsk() {
    for (String input : AWKWARD) {
      InterpreterPhone p = ussd();
      p.dial("*100#");
      p.send("1");
      Shown s = p.send(input);
      assertEquals("children", s.nodeId(), () -> "input " + input);
      assertTrue(s.screen().startsWith("Send a number, e.g. 2\n"), () -> input + " -> " + s.screen());
    }
  }

  @Test
  void awkwardTextAnswersAreSavedAndShownWithinTheScreenBudget() {
    for (String input : AWKWARD) {
      InterpreterPhone p = ussd();
      p.dial("*100#");
      p.send("2");
      Shown s = p.send(input);
      if (input.strip().codePointCount(0, input.strip().length()) < 2) {
        assertEquals("name", s.nodeId(), () -> "too short: " + input);
        continue;
      }
      assertEquals(input.strip(), s.answers().get("name"), () -> "input " + input);
      assertTrue(s.units() <= s.budget(), () -> input + " -> " + s.screen());
      // A long closing prompt spans pages: "98" shows each in turn, and every page fits the budget.
      StringBuilder all = new StringBuilder(withoutFooter(s.screen()));
      Shown page = s;
      for (int expected = 1; expected < s.pages(); expected++) {
        page = p.send("98");
        assertEquals(expected, page.page(), () -> "98 turns the page of the last screen: " + input);
        assertTrue(page.units() <= page.budget(), page::screen);
        all.append(withoutFooter(page.screen()));
      }
      assertTrue(page.closes(), () -> "the last page closes: " + input);
      assertEquals(("Thank you " + input.strip() + "!").replaceAll("\\s", ""), all.toString().replaceAll("\\s", ""),
          "every character of the answer is on some page");
    }
  }

  private static String withoutFooter(String screen) {
    return screen.replaceAll("\n(98 More|0 Back)", "");
  }

  @Test
  void emojiAndOtherScriptsSwitchTheScreenToUcs2() {
    InterpreterPhone p = ussd();
    p.dial("*100#");
    p.send("2");
    Shown s = p.send("ሰላም");
    assertEquals("Thank you ሰላም!", s.screen());
    assertEquals(org.kabambe.connectors.sms.Encoding.UCS2, s.encoding());
    InterpreterPhone q = ussd();
    q.dial("*100#");
    q.send("2");
    Shown arabic = q.send("مرحبا");
    assertEquals("Thank you مرحبا!", arabic.screen());
    assertEquals(org.kabambe.connectors.sms.Encoding.UCS2, arabic.encoding());
  }
}
