package org.kabambe.flow.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kabambe.expr.Template;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Text;

/** Finds every author text of a flow, with words that tell an author which one a finding is about. */
final class FlowTexts {
  /** A text and how to name it in a message ("the label of option 2 in menu 'welcome'"). */
  record Described(Text text, String what) {}

  /** One written version of a text: a language code, or {@link Text#ANY_LANGUAGE} for "every language". */
  record Version(String language, Template template) {
    String inLanguage() {
      return language.equals(Text.ANY_LANGUAGE) ? "in every language" : "in " + language;
    }
  }

  private FlowTexts() {}

  static List<Described> all(Flow flow) {
    var texts = new ArrayList<Described>();
    for (var node : flow.nodes().values()) {
      String name = node.kind() + " '" + node.id() + "'";
      if (node instanceof Node.Menu m) {
        texts.add(new Described(m.text(), "the text of " + name));
        for (int i = 0; i < m.options().size(); i++) {
          texts.add(new Described(m.options().get(i).label(), "the label of option " + (i + 1) + " in " + name));
        }
        m.invalid().ifPresent(t -> texts.add(new Described(t, "the invalid text of " + name)));
      } else if (node instanceof Node.Ask a) {
        texts.add(new Described(a.text(), "the text of " + name));
        a.invalid().ifPresent(t -> texts.add(new Described(t, "the invalid text of " + name)));
      } else if (node instanceof Node.Say s) {
        texts.add(new Described(s.text(), "the text of " + name));
      } else if (node instanceof Node.End e) {
        texts.add(new Described(e.text(), "the text of " + name));
        texts.addAll(smsTexts(e.actions(), name));
      } else if (node instanceof Node.Do d) {
        texts.addAll(smsTexts(d.actions(), name));
      }
    }
    return texts;
  }

  /** The {@code sms:} actions of every node, described. */
  static List<Described> smsTexts(Flow flow) {
    var texts = new ArrayList<Described>();
    for (var node : flow.nodes().values()) {
      String name = node.kind() + " '" + node.id() + "'";
      if (node instanceof Node.Do d) texts.addAll(smsTexts(d.actions(), name));
      if (node instanceof Node.End e) texts.addAll(smsTexts(e.actions(), name));
    }
    return texts;
  }

  private static List<Described> smsTexts(List<Action> actions, String name) {
    return actions.stream()
        .filter(a -> a instanceof Action.SendSms)
        .map(a -> new Described(((Action.SendSms) a).text(), "the SMS in " + name))
        .toList();
  }

  /** The versions of {@code text} as written: universal first, then the flow's languages in order, then others. */
  static List<Version> versions(Text text, Flow flow) {
    Comparator<String> order = Comparator.comparingInt((String l) -> rank(l, flow)).thenComparing(l -> l);
    return text.byLanguage().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(order))
        .map(e -> new Version(e.getKey(), e.getValue()))
        .toList();
  }

  private static int rank(String language, Flow flow) {
    if (language.equals(Text.ANY_LANGUAGE)) return -1;
    int i = flow.languages().indexOf(language);
    return i < 0 ? Integer.MAX_VALUE : i;
  }
}
