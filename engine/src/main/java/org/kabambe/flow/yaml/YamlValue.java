package org.kabambe.flow.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kabambe.connectors.duration.DurationText;
import org.kabambe.diag.Located;
import org.kabambe.diag.SourcePos;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One value of a YAML document, with its position and a description for messages ({@code 'options'},
 * {@code item 2 of 'options'}). Reading it as a shape it does not have reports an error at the value and
 * returns empty, so a parser can carry on and find the next mistake.
 */
public final class YamlValue {
  private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

  private final YamlDocument doc;
  private final Node node;
  private final String what;

  YamlValue(YamlDocument doc, Node node, String what) {
    this.doc = doc;
    this.node = node;
    this.what = what;
  }

  /** Where the value's content starts (past an opening quote). */
  public SourcePos pos() {
    return doc.contentPos(node);
  }

  /** How messages name this value, e.g. {@code 'options'}. */
  public String what() {
    return what;
  }

  public YamlDocument document() {
    return doc;
  }

  public boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  public boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  /** The scalar's text without reporting anything when the value is not a scalar. */
  public Optional<String> peekText() {
    return isScalar() ? Optional.of(((ScalarNode) node).getValue()) : Optional.empty();
  }

  /** Reports {@code message} at this value. */
  public void error(String message) {
    doc.diagnostics().error(pos(), message);
  }

  public void warning(String message) {
    doc.diagnostics().warning(pos(), message);
  }

  /** A text (any scalar: {@code 3} and {@code yes} are read as written). */
  public Optional<String> text() {
    if (isScalar()) return peekText();
    wrongShape("a text");
    return Optional.empty();
  }

  public Optional<Located<String>> locatedText() {
    return text().map(t -> new Located<>(t, pos()));
  }

  /** A whole number such as {@code 3}. */
  public Optional<Integer> wholeNumber() {
    Optional<String> t = text();
    if (t.isEmpty()) return Optional.empty();
    if (!WHOLE.matcher(t.get()).matches()) {
      error(what + " should be a whole number, like 3; '" + t.get() + "' is not one");
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(t.get()));
  }

  /** A number such as {@code 10} or {@code 2.5}. */
  public Optional<Double> number() {
    Optional<String> t = text();
    if (t.isEmpty()) return Optional.empty();
    if (!DECIMAL.matcher(t.get()).matches()) {
      error(what + " should be a number, like 10 or 2.5; '" + t.get() + "' is not one");
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(t.get()));
  }

  /** {@code true} or {@code false}. */
  public Optional<Boolean> bool() {
    Optional<String> t = text();
    if (t.isEmpty()) return Optional.empty();
    return switch (t.get()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> {
        error(what + " should be true or false, not '" + t.get() + "'");
        yield Optional.empty();
      }
    };
  }

  /** A duration in one of the {@link DurationText#FORMS}. */
  public Optional<Duration> duration() {
    Optional<String> t = text();
    if (t.isEmpty()) return Optional.empty();
    Optional<Duration> d = DurationText.parse(t.get());
    if (d.isEmpty()) error(what + " should be a duration, " + DurationText.FORMS + "; '" + t.get() + "' is not one");
    return d;
  }

  /** The items of a list; a single item is not silently accepted as a list. */
  public Optional<List<YamlValue>> list() {
    if (!(node instanceof SequenceNode seq)) {
      wrongShape("a list (one item per line, each starting with '- ', or [a, b])");
      return Optional.empty();
    }
    List<YamlValue> items = new ArrayList<>();
    for (Node item : seq.getValue()) {
      items.add(new YamlValue(doc, item, "item " + (items.size() + 1) + " of " + what));
    }
    return Optional.of(items);
  }

  /** The value as a mapping of {@code key: value} pairs. */
  public Optional<YamlMap> map() {
    if (!(node instanceof MappingNode m)) {
      wrongShape("a mapping (key: value lines, indented under it)");
      return Optional.empty();
    }
    return Optional.of(new YamlMap(doc, m, what));
  }

  /** The same value, described differently in messages. */
  public YamlValue describedAs(String newWhat) {
    return new YamlValue(doc, node, newWhat);
  }

  private void wrongShape(String expected) {
    if (isNull()) {
      error(what + " is empty; it should be " + expected);
    } else {
      error(what + " should be " + expected + ", but it is " + shape());
    }
  }

  /** What the value is, in an author's words. */
  public String shape() {
    if (isNull()) return "empty";
    if (node instanceof ScalarNode s) return "the text '" + s.getValue() + "'";
    if (node instanceof SequenceNode) return "a list";
    return "a mapping";
  }
}
