package org.kabambe.flow.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Template;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Text;
import org.kabambe.runtime.NavLabels;
import org.kabambe.runtime.Prompt;
import org.kabambe.runtime.RuntimeTexts;
import org.kabambe.runtime.UssdPage;

/**
 * USSD screens as participants see them: laid out by the runtime's renderer ({@link UssdScreenMeasure}) in each of the
 * flow's languages, with what the engine adds (the invalid notice above a question, "98 More", "0 Back" after a
 * first answer, "00 Home" when the programme shows it, in the programme's words). One rule, documented in
 * flows/README.md ("How long a screen can be"):
 * <ul>
 *   <li>error: a question (the text of an ask or menu) or an option line longer than a screen by itself: it can
 *       never be shown whole, whatever the engine adds;
 *   <li>warning: a screen that will page: a question with the engine's lines, a menu whose first option is pushed
 *       to the next page, an invalid notice that pushes the question or the choices off the first page, an end
 *       text longer than a screen (alone or with a say just before it), and a character outside GSM-7 that makes
 *       a screen take more pages.
 * </ul>
 * Menus with many options page by design and are not reported for that alone.
 */
final class UssdFitCheck implements FlowCheck {
  /** Where a per-language message names its languages (a character no author text contains). */
  private static final String WHERE = "\u0000";

  public void check(FlowGraph graph, Diagnostics out) {
    var flow = graph.flow;
    var findings = new PerLanguage(flow);
    for (var node : flow.nodes().values()) {
      boolean back = graph.shownAfterAnswer(graph.indexOf(node.id()));
      if (node instanceof Node.Menu m) checkMenu(m, flow, graph, back, out, findings);
      if (node instanceof Node.Ask a) checkAsk(a, flow, graph, back, out, findings);
      if (node instanceof Node.End e) checkEnd(e, flow, graph, findings);
    }
    findings.reportTo(out);
  }

  // ---- errors: texts that can never be shown whole ----

  /** Reports each written version of a question longer than a screen alone; true when any is. */
  private static boolean questionTooLong(Node node, Text text, Flow flow, Diagnostics out) {
    boolean any = false;
    for (var v : FlowTexts.versions(text, flow)) {
      UssdPage alone = UssdScreenMeasure.alone(v.template().raw());
      if (UssdScreenMeasure.fits(alone)) continue;
      any = true;
      String what = node instanceof Node.Ask ? "the question of ask '" : "the text of menu '";
      out.error(text.pos(), what + node.id() + "' is too long for one USSD screen " + v.inLanguage() + ": it needs "
          + UssdScreenMeasure.overflow(alone) + ", and the participant must see it whole to "
          + (node instanceof Node.Ask ? "answer" : "choose") + "; shorten it or put part of it in a say node before");
    }
    return any;
  }

  /** Reports each option line longer than a screen alone; true when any is. */
  private static boolean optionsTooLong(Node.Menu menu, Flow flow, Diagnostics out) {
    boolean any = false;
    for (int i = 0; i < menu.options().size(); i++) {
      int number = i + 1; // the largest number this option can show with (hidden options only lower it)
      Text label = menu.options().get(i).label();
      for (var v : FlowTexts.versions(label, flow)) {
        String line = number + ". " + v.template().raw();
        UssdPage alone = UssdScreenMeasure.alone(line);
        if (!UssdScreenMeasure.fits(alone)) {
          any = true;
          out.error(label.pos(), "option " + number + " of menu '" + menu.id() + "' is too long for one USSD screen "
              + v.inLanguage() + ": \"" + UssdScreenMeasure.excerpt(line) + "\" needs " + UssdScreenMeasure.overflow(alone)
              + "; shorten the label");
        }
      }
    }
    return any;
  }

  // ---- warnings: screens that will page ----

  private static void checkAsk(Node.Ask ask, Flow flow, FlowGraph graph, boolean back, Diagnostics out,
                               PerLanguage findings) {
    if (questionTooLong(ask, ask.text(), flow, out)) return;
    for (String language : flow.languages()) {
      NavLabels labels = NavLabels.of(graph.navigation, language);
      Template question = ask.text().in(language, flow.defaultLanguage());
      String q = question.raw();
      Prompt screen = new Prompt(List.of(), q, List.of(), false, back);
      int pages = UssdScreenMeasure.pages(screen, labels).size();
      if (pages > 1) {
        UssdPage whole = UssdScreenMeasure.whole(screen, labels, false);
        findings.warn(question.pos(), language, "the question of ask '" + ask.id() + "' takes " + pages
            + " USSD pages" + WHERE + ": it needs " + needs(whole, q) + "; participants must choose 98 to read the"
            + " rest before they answer" + ucs2(screen, labels, pages, q, "the question")
            + "; shorten it by " + shorter(whole));
        continue;
      }
      Invalid invalid = Invalid.of(ask.invalid(), ask.text(), language, flow);
      Prompt retry = new Prompt(List.of(invalid.text), q, List.of(), false, back);
      int retryPages = UssdScreenMeasure.pages(retry, labels).size();
      if (retryPages > 1) {
        UssdPage whole = UssdScreenMeasure.whole(retry, labels, false);
        findings.warn(invalid.pos, language, "after an invalid answer, ask '" + ask.id() + "' takes " + retryPages
            + " USSD pages" + WHERE + ": " + invalid.described() + " and the question need " + needs(whole, q)
            + "; participants see the question again only after choosing 98"
            + ucs2(retry, labels, retryPages, invalid.text, "the invalid text") + ucs2(retry, labels, retryPages, q,
                "the question")
            + "; " + invalid.fix() + " by " + shorter(whole));
      }
    }
  }

  private static void checkMenu(Node.Menu menu, Flow flow, FlowGraph graph, boolean back, Diagnostics out,
                                PerLanguage findings) {
    boolean tooLong = optionsTooLong(menu, flow, out);
    // Texts without any version are the parser's finding; Text.in would have nothing to return.
    if (tooLong || menu.text().byLanguage().isEmpty() || menu.options().isEmpty()
        || menu.options().stream().anyMatch(o -> o.label().byLanguage().isEmpty())) {
      return;
    }
    if (questionTooLong(menu, menu.text(), flow, out)) return;
    for (String language : flow.languages()) {
      NavLabels labels = NavLabels.of(graph.navigation, language);
      Template text = menu.text().in(language, flow.defaultLanguage());
      var options = new ArrayList<Prompt.Option>();
      for (var o : menu.options()) {
        options.add(new Prompt.Option(options.size() + 1, o.label().in(language, flow.defaultLanguage()).raw()));
      }
      String firstLine = "1. " + options.get(0).label();
      boolean moreFollows = options.size() > 1;
      Prompt screen = new Prompt(List.of(), text.raw(), options, false, back);
      List<UssdPage> pages = UssdScreenMeasure.pages(screen, labels);
      if (!UssdScreenMeasure.shows(pages.get(0), firstLine)) {
        Prompt opening = new Prompt(List.of(), text.raw(), options.subList(0, 1), false, back);
        UssdPage whole = UssdScreenMeasure.whole(opening, labels, moreFollows);
        findings.warn(menu.text().pos(), language, "the text of menu '" + menu.id() + "' and its first option do"
            + " not fit on one USSD screen" + WHERE + " (together they need " + needs(whole, firstLine) + "):"
            + " participants will see the options only after choosing 98"
            + ucs2(screen, labels, pages.size(), text.raw(), "the text") + "; shorten the text by " + shorter(whole));
        continue;
      }
      Invalid invalid = Invalid.of(menu.invalid(), menu.text(), language, flow);
      Prompt retry = new Prompt(List.of(invalid.text), text.raw(), options, false, back);
      List<UssdPage> retryPages = UssdScreenMeasure.pages(retry, labels);
      if (!UssdScreenMeasure.shows(retryPages.get(0), firstLine)) {
        Prompt opening = new Prompt(List.of(invalid.text), text.raw(), options.subList(0, 1), false, back);
        UssdPage whole = UssdScreenMeasure.whole(opening, labels, moreFollows);
        findings.warn(invalid.pos, language, "after an invalid answer, menu '" + menu.id() + "' shows its choices"
            + " only on page 2" + WHERE + ": " + invalid.described() + " with the text and the first option needs "
            + needs(whole, firstLine) + "; participants must choose 98 to see the choices again"
            + "; " + invalid.fix().replace("the question", "the menu text") + " by " + shorter(whole));
        continue;
      }
      // A menu may page for its options; a character that alone adds pages is still worth a word.
      var texts = new LinkedHashMap<Template, String>();
      texts.put(text, "the text of menu '" + menu.id() + "'");
      for (int i = 0; i < menu.options().size(); i++) {
        texts.putIfAbsent(menu.options().get(i).label().in(language, flow.defaultLanguage()),
            "the label of option " + (i + 1) + " in menu '" + menu.id() + "'");
      }
      for (var t : texts.entrySet()) {
        String what = t.getKey() == text ? "the text" : "the label";
        UssdScreenMeasure.ucs2Switch(screen, labels, pages.size(), t.getKey().raw(), what).ifPresent(why ->
            findings.warn(t.getKey().pos(), language, "menu '" + menu.id() + "' takes " + pages.size()
                + " USSD pages" + WHERE + " because of " + t.getValue() + ": " + why));
      }
    }
  }

  private static void checkEnd(Node.End end, Flow flow, FlowGraph graph, PerLanguage findings) {
    if (end.text().byLanguage().isEmpty()) return;
    for (String language : flow.languages()) {
      NavLabels labels = NavLabels.of(graph.navigation, language);
      Template text = end.text().in(language, flow.defaultLanguage());
      if (text.raw().isBlank()) continue;
      Prompt screen = new Prompt(List.of(), text.raw(), List.of(), true, false);
      int pages = UssdScreenMeasure.pages(screen, labels).size();
      if (pages == 1) {
        checkSaysBefore(end, text.raw(), flow, language, labels, findings);
        continue;
      }
      UssdPage whole = UssdScreenMeasure.whole(screen, labels, false);
      findings.warn(text.pos(), language, "the text of end '" + end.id() + "' takes " + pages + " USSD pages"
          + WHERE + ": it needs " + UssdScreenMeasure.overflow(whole) + "; participants must choose 98 to read the rest before"
          + " the session closes" + ucs2(screen, labels, pages, text.raw(), "the text") + "; shorten it by "
          + shorter(whole) + ", or send the details by SMS (an sms: action)");
    }
  }

  /** A say that leads straight to the end shares its closing screen: together they may page (issue 11, defect 1). */
  private static void checkSaysBefore(Node.End end, String endText, Flow flow, String language, NavLabels labels,
                                      PerLanguage findings) {
    for (var node : flow.nodes().values()) {
      if (!(node instanceof Node.Say say) || !say.next().node().equals(end.id()) || say.text().byLanguage().isEmpty()) {
        continue;
      }
      Template text = say.text().in(language, flow.defaultLanguage());
      Prompt screen = new Prompt(List.of(text.raw()), endText, List.of(), true, false);
      int pages = UssdScreenMeasure.pages(screen, labels).size();
      if (pages == 1) continue;
      UssdPage whole = UssdScreenMeasure.whole(screen, labels, false);
      findings.warn(text.pos(), language, "say '" + say.id() + "' and end '" + end.id() + "' share the closing"
          + " screen, which takes " + pages + " USSD pages" + WHERE + ": together they need "
          + UssdScreenMeasure.overflow(whole) + "; participants must choose 98 to read the rest before the session closes"
          + ucs2(screen, labels, pages, text.raw(), "the say") + "; shorten them by " + shorter(whole)
          + ", or send the details by SMS (an sms: action)");
    }
  }

  /** "1 character" or "4 characters": how much shorter the screen must be to fit. */
  private static String shorter(UssdPage whole) {
    int n = UssdScreenMeasure.excess(whole);
    return n + (n == 1 ? " character" : " characters");
  }

  /** "186 characters with the line the engine adds ("0 Back") and a screen holds 182". */
  private static String needs(UssdPage whole, String lastAuthorLine) {
    return whole.units() + " characters" + UssdScreenMeasure.withAdded(UssdScreenMeasure.addedLines(whole, lastAuthorLine))
        + " and a screen holds " + UssdScreenMeasure.limit(whole) + UssdScreenMeasure.encodingNote(whole);
  }

  private static String ucs2(Prompt screen, NavLabels labels, int pages, String text, String what) {
    return UssdScreenMeasure.ucs2Switch(screen, labels, pages, text, what).map(s -> "; " + s).orElse("");
  }

  /** The notice shown above a question after an invalid answer: the node's own, or the engine's. */
  private record Invalid(String text, SourcePos pos, boolean authored) {
    static Invalid of(Optional<Text> own, Text question, String language, Flow flow) {
      return own.filter(t -> !t.byLanguage().isEmpty())
          .map(t -> new Invalid(t.in(language, flow.defaultLanguage()).raw(),
              t.in(language, flow.defaultLanguage()).pos(), true))
          .orElseGet(() -> new Invalid(RuntimeTexts.invalidChoice(language),
              question.in(language, flow.defaultLanguage()).pos(), false));
    }

    String described() {
      return authored ? "the invalid text" : "the engine's invalid notice (\"" + UssdScreenMeasure.excerpt(text) + "\")";
    }

    String fix() {
      return authored ? "shorten the invalid text or the question" : "give it a shorter invalid: text, or shorten"
          + " the question,";
    }
  }

  /**
   * Findings that may hold in several languages, reported once each with the languages they hold in: {@link
   * #WHERE} in a message becomes " in fr" or " in every language".
   */
  private static final class PerLanguage {
    private final Flow flow;
    private final Map<List<Object>, List<String>> languages = new LinkedHashMap<>();

    PerLanguage(Flow flow) {
      this.flow = flow;
    }

    void warn(SourcePos pos, String language, String message) {
      languages.computeIfAbsent(List.of(pos, message), k -> new ArrayList<>()).add(language);
    }

    void reportTo(Diagnostics out) {
      languages.forEach((key, in) -> {
        String where = in.size() > 1 && in.size() == flow.languages().size() ? " in every language"
            : " in " + String.join(", ", in);
        out.warning((SourcePos) key.get(0), ((String) key.get(1)).replace(WHERE, where));
      });
    }
  }
}
