package org.kabambe.flow.yaml;

import java.util.List;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A YAML file that passed {@link SafeYamlReader}: its root value, its lines (for positions) and its findings. */
public final class YamlDocument {
  private final String file;
  private final List<String> lines;
  private final Diagnostics diagnostics;
  private final Node root;

  YamlDocument(String file, List<String> lines, Diagnostics diagnostics, Node root) {
    this.file = file;
    this.lines = List.copyOf(lines);
    this.diagnostics = diagnostics;
    this.root = root;
  }

  public String file() {
    return file;
  }

  /** Where every reading mistake of this document is reported. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The document's top-level value, described as {@code what} in messages (e.g. "the flow file"). */
  public YamlValue root(String what) {
    return new YamlValue(this, root, what);
  }

  /** SnakeYAML marks are 0-based; author positions are 1-based. */
  SourcePos at(Mark mark) {
    return new SourcePos(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /**
   * Where a node's content starts: past the opening quote of a quoted scalar, on the first content line of a
   * block scalar ({@code |} or {@code >}), so offsets inside an expression or a template map to real columns.
   */
  SourcePos contentPos(Node node) {
    SourcePos start = at(node.getStartMark());
    if (!(node instanceof ScalarNode scalar)) return start;
    ScalarStyle style = scalar.getScalarStyle();
    if (style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED) return start.shift(0, 1);
    if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) return firstContentLine(start);
    return start;
  }

  private SourcePos firstContentLine(SourcePos indicator) {
    for (int i = indicator.line(); i < lines.size(); i++) { // line() is 1-based: index i is the next line
      String l = lines.get(i);
      if (!l.isBlank()) {
        int indent = 0;
        while (indent < l.length() && l.charAt(indent) == ' ') indent++;
        return new SourcePos(file, i + 1, indent + 1);
      }
    }
    return indicator;
  }
}
