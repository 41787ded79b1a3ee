package org.kabambe.flow.validate;

import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Text;

/**
 * Screens that no pagination can save: an option line ("3. label") or a question longer than one USSD screen in
 * some language is an error; a menu whose text and first option do not fit together is a warning (the options
 * only start on the next page).
 */
final class UssdFitCheck implements FlowCheck {
  public void check(FlowGraph graph, Diagnostics out) {
    var flow = graph.flow;
    for (var node : flow.nodes().values()) {
      if (node instanceof Node.Menu m) checkMenu(m, flow, out);
      if (node instanceof Node.Ask a) checkAsk(a, flow, out);
    }
  }

  private static void checkMenu(Node.Menu menu, Flow flow, Diagnostics out) {
    for (int i = 0; i < menu.options().size(); i++) {
      int number = i + 1; // the largest number this option can show with (hidden options only lower it)
      Text label = menu.options().get(i).label();
      for (var v : FlowTexts.versions(label, flow)) {
        String line = number + ". " + v.template().raw();
        var screen = UssdScreen.measure(line);
        if (!screen.fits()) {
          out.error(label.pos(), "option " + number + " of menu '" + menu.id() + "' is too long for one USSD screen "
              + v.inLanguage() + ": \"" + UssdScreen.excerpt(line) + "\" needs " + screen.overflow()
              + "; shorten the label");
        }
      }
    }
    // Texts without any version are the parser's finding; Text.in would have nothing to return.
    if (!menu.options().isEmpty() && !menu.text().byLanguage().isEmpty()
        && !menu.options().get(0).label().byLanguage().isEmpty()) {
      checkMenuOpening(menu, flow, out);
    }
  }

  private static void checkMenuOpening(Node.Menu menu, Flow flow, Diagnostics out) {
    Text label = menu.options().get(0).label();
    // One check when both texts are universal, otherwise one per language, as participants see them.
    var languages = menu.text().isUniversal() && label.isUniversal()
        ? java.util.List.of(Text.ANY_LANGUAGE) : flow.languages();
    for (String language : languages) {
      String opening = menu.text().in(language, flow.defaultLanguage()).raw()
          + "\n1. " + label.in(language, flow.defaultLanguage()).raw();
      var screen = UssdScreen.measure(opening);
      if (!screen.fits()) {
        String where = language.equals(Text.ANY_LANGUAGE) ? "in every language" : "in " + language;
        out.warning(menu.text().pos(), "the text of menu '" + menu.id() + "' and its first option do not fit on"
            + " one USSD screen " + where + " (together they need " + screen.overflow() + "): participants"
            + " will see the options only after choosing 98; shorten the text");
      }
    }
  }

  private static void checkAsk(Node.Ask ask, Flow flow, Diagnostics out) {
    for (var v : FlowTexts.versions(ask.text(), flow)) {
      var screen = UssdScreen.measure(v.template().raw());
      if (!screen.fits()) {
        out.error(ask.text().pos(), "the question of ask '" + ask.id() + "' is too long for one USSD screen "
            + v.inLanguage() + ": it needs " + screen.overflow() + ", and the participant must see it whole to"
            + " answer; shorten it or put part of it in a say node before");
      }
    }
  }
}
