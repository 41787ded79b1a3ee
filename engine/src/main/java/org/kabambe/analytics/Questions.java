package org.kabambe.analytics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.expect.NumberExpect;

/**
 * What a flow says about the answers it saves, so that results read as the questions were asked: the label of a
 * menu option for the value it stores (in the reader's language where the flow has it, else the flow's first
 * language), and which questions take a number.
 */
public final class Questions {
  /** For answers whose flow is not loaded: no labels, no number questions. */
  public static final Questions NONE = new Questions(Map.of(), Set.of());

  private final Map<String, Map<String, String>> labels;
  private final Set<String> numbers;

  private Questions(Map<String, Map<String, String>> labels, Set<String> numbers) {
    this.labels = labels;
    this.numbers = numbers;
  }

  /** With labels in the flow's first language. */
  public static Questions of(Flow flow) {
    return of(flow, flow.defaultLanguage());
  }

  /** With each label in {@code language} where the flow translates it, else in the flow's first language. */
  public static Questions of(Flow flow, String language) {
    var labels = new HashMap<String, Map<String, String>>();
    var numbers = new HashSet<String>();
    for (Node node : flow.nodes().values()) {
      if (node instanceof Node.Menu menu) {
        var byValue = new HashMap<String, String>();
        List<Node.MenuOption> options = menu.options();
        for (int i = 0; i < options.size(); i++) {
          Node.MenuOption o = options.get(i);
          // The value save stores: the option's value, else its number (as the interpreter saves it).
          byValue.putIfAbsent(o.value().orElse(Integer.toString(i + 1)),
              o.label().in(language, flow.defaultLanguage()).raw());
        }
        labels.put(menu.id(), Map.copyOf(byValue));
      } else if (node instanceof Node.Ask ask && ask.expect() instanceof NumberExpect) {
        numbers.add(ask.id());
      }
    }
    return new Questions(Map.copyOf(labels), Set.copyOf(numbers));
  }

  /** The label of the menu option that stores {@code value} at {@code nodeId}, if that node is a menu. */
  public Optional<String> label(String nodeId, String value) {
    return Optional.ofNullable(labels.getOrDefault(nodeId, Map.of()).get(value));
  }

  /** Whether {@code nodeId} asks for a number (its answers are summarised, not listed as categories). */
  public boolean isNumber(String nodeId) {
    return numbers.contains(nodeId);
  }
}
