package org.kabambe.translation.po;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Writes one language's text into the per-language maps of a YAML file by editing the characters at the
 * positions the parser reported, never by dumping the YAML again: comments, order, quoting and layout of
 * everything else stay byte for byte, so an author can read the diff. A value already there is replaced; a
 * missing language is added as the map's last entry, in the map's own style ({@code {en: .., sw: ..}} or one
 * {@code sw: ..} line at the keys' indentation).
 */
final class YamlTextEditor {
  private final String text;
  private final Node root;
  private final List<Edit> edits = new ArrayList<>();

  private record Edit(int start, int end, String replacement) {}

  YamlTextEditor(String text) {
    this.text = text;
    this.root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
  }

  /** Sets {@code language} to {@code value} in the mapping that starts at {@code mapPos}; false when it already was. */
  boolean set(SourcePos mapPos, String language, String value) {
    MappingNode map = find(root, mapPos.line() - 1, mapPos.col() - 1)
        .orElseThrow(() -> new IllegalStateException("no per-language text at " + mapPos));
    String quoted = quote(value);
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(language)) {
        if (t.getValueNode() instanceof ScalarNode v && v.getValue().equals(value)) return false; // left as written
        edits.add(new Edit(offset(t.getValueNode().getStartMark().getIndex()),
            offset(t.getValueNode().getEndMark().getIndex()), quoted));
        return true;
      }
    }
    List<NodeTuple> entries = map.getValue();
    Node last = entries.get(entries.size() - 1).getValueNode();
    int lastEnd = offset(last.getEndMark().getIndex());
    if (map.getFlowStyle() == FlowStyle.FLOW) {
      edits.add(new Edit(lastEnd, lastEnd, ", " + language + ": " + quoted));
      return true;
    }
    String indent = " ".repeat(entries.get(0).getKeyNode().getStartMark().getColumn());
    String entry = indent + language + ": " + quoted;
    String newline = text.contains("\r\n") ? "\r\n" : "\n"; // the file's own line ending
    if (lastEnd > 0 && text.charAt(lastEnd - 1) == '\n') { // a block scalar ends after its line break
      edits.add(new Edit(lastEnd, lastEnd, entry + newline));
    } else {
      int eol = text.indexOf('\n', lastEnd); // after any comment on the last entry's line
      int at = eol < 0 ? text.length() : (eol > 0 && text.charAt(eol - 1) == '\r' ? eol - 1 : eol);
      edits.add(new Edit(at, at, newline + entry));
    }
    return true;
  }

  boolean hasEdits() {
    return !edits.isEmpty();
  }

  /** The text with every edit applied. */
  String result() {
    StringBuilder out = new StringBuilder(text);
    edits.stream().sorted(Comparator.comparingInt(Edit::start).reversed())
        .forEach(e -> out.replace(e.start, e.end, e.replacement));
    return out.toString();
  }

  /** SnakeYAML counts code points; Java strings count UTF-16 units. */
  private int offset(int codePointIndex) {
    return text.offsetByCodePoints(0, codePointIndex);
  }

  private static Optional<MappingNode> find(Node node, int line, int column) {
    if (node instanceof MappingNode m) {
      if (m.getStartMark().getLine() == line && m.getStartMark().getColumn() == column) return Optional.of(m);
      for (NodeTuple t : m.getValue()) {
        Optional<MappingNode> found = find(t.getValueNode(), line, column);
        if (found.isPresent()) return found;
      }
    } else if (node instanceof SequenceNode s) {
      for (Node item : s.getValue()) {
        Optional<MappingNode> found = find(item, line, column);
        if (found.isPresent()) return found;
      }
    }
    return Optional.empty();
  }

  /** A double-quoted YAML scalar: the one style that holds any text on one line. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) out.append(String.format("\\x%02x", c));
          else out.appendCodePoint(c);
        }
      }
    });
    return out.append('"').toString();
  }
}
