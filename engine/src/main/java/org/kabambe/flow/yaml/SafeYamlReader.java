package org.kabambe.flow.yaml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads an author's YAML file into positioned nodes (SnakeYAML's compose step: no Java objects are ever
 * constructed from the file), rejecting what YAML allows but a flow file must not contain: files over
 * {@link #MAX_BYTES}, tab indentation, several documents, duplicate keys, non-text keys, and anchors and
 * aliases ({@code &x} / {@code *x}). Anchors are rejected outright rather than limited: authors never need them,
 * they make an error inside repeated content point at the wrong place, and they are what alias bombs are made
 * of. The alias limit in the loader options stays as a second guard.
 */
public final class SafeYamlReader {
  /** Flow files are small; a bigger file is a mistake (or an attack) and is refused before parsing. */
  public static final int MAX_BYTES = 512 * 1024;

  static final int MAX_ALIASES = 50;
  static final int MAX_NESTING = 40;

  private SafeYamlReader() {}

  /**
   * Reads {@code bytes} (the content of {@code file}). Every problem goes to {@code diagnostics} with its
   * 1-based position; returns empty when the file cannot be read as one safe YAML document.
   */
  public static Optional<YamlDocument> read(String file, byte[] bytes, Diagnostics diagnostics) {
    SourcePos top = new SourcePos(file, 1, 1);
    if (bytes.length > MAX_BYTES) {
      diagnostics.error(top, tooBig(bytes.length));
      return Optional.empty();
    }
    Optional<String> decoded = decode(bytes);
    if (decoded.isEmpty()) {
      diagnostics.error(top, "the file is not UTF-8 text; save it with the UTF-8 encoding");
      return Optional.empty();
    }
    String text = decoded.get();
    List<String> lines = text.lines().toList();
    if (reportTabIndentation(file, lines, diagnostics)) return Optional.empty();
    if (!scanEvents(file, text, lines, diagnostics)) return Optional.empty();

    Node root;
    try {
      root = new Composer(new ParserImpl(new StreamReader(text), options()), new Resolver(), options()).getSingleNode();
    } catch (MarkedYAMLException e) {
      reportSyntax(file, lines, e, diagnostics);
      return Optional.empty();
    } catch (YAMLException e) {
      diagnostics.error(top, "the file could not be read as YAML: " + e.getMessage());
      return Optional.empty();
    }
    if (root == null) {
      diagnostics.error(top, "the file is empty; a flow file starts with 'flow: your-flow-id'");
      return Optional.empty();
    }
    YamlDocument doc = new YamlDocument(file, lines, diagnostics, root);
    return reportBadKeys(doc, root) ? Optional.empty() : Optional.of(doc);
  }

  /** The message for a file over the size limit (also used when the size is known before reading). */
  public static String tooBig(long size) {
    return "the file is " + (size + 1023) / 1024 + " KiB; the limit is " + MAX_BYTES / 1024
        + " KiB: split it into several flows (a 'call' node runs another flow)";
  }

  private static LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(MAX_ALIASES);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(MAX_NESTING);
    o.setCodePointLimit(MAX_BYTES);
    o.setMergeOnCompose(false);
    return o;
  }

  private static Optional<String> decode(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return Optional.of(s.startsWith("\uFEFF") ? s.substring(1) : s);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** YAML forbids tabs in indentation; SnakeYAML's own message about it is cryptic, so find them first. */
  private static boolean reportTabIndentation(String file, List<String> lines, Diagnostics diagnostics) {
    boolean found = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      for (int c = 0; c < line.length() && (line.charAt(c) == ' ' || line.charAt(c) == '\t'); c++) {
        if (line.charAt(c) == '\t' && !line.isBlank()) {
          diagnostics.error(new SourcePos(file, i + 1, c + 1),
              "tabs are not allowed for indentation; use spaces (set your editor to insert spaces for Tab)");
          found = true;
          break;
        }
      }
    }
    return found;
  }

  /** One pass over the parse events (which never expand aliases): syntax, documents, anchors and aliases. */
  private static boolean scanEvents(String file, String text, List<String> lines, Diagnostics diagnostics) {
    try {
      ParserImpl parser = new ParserImpl(new StreamReader(text), options());
      int documents = 0;
      Mark firstDocument = null;
      while (true) {
        Event e = parser.getEvent();
        if (e instanceof StreamEndEvent) return true;
        if (e instanceof DocumentStartEvent) {
          documents++;
          if (documents == 1) firstDocument = e.getStartMark();
          if (documents == 2) {
            diagnostics.error(pos(file, e.getStartMark()), "a flow file holds one YAML document, but a second one "
                + "starts here (the document on line " + (firstDocument.getLine() + 1) + " is the first): "
                + "remove this '---' or move what follows into its own file");
            return false;
          }
        }
        if (e instanceof AliasEvent alias) {
          diagnostics.error(pos(file, e.getStartMark()), "aliases ('*" + alias.getAnchor() + "') are not allowed "
              + "in flow files; write the value out in full");
          return false;
        }
        if (e instanceof NodeEvent n && n.getAnchor() != null) {
          diagnostics.error(pos(file, e.getStartMark()), "anchors ('&" + n.getAnchor() + "') are not allowed "
              + "in flow files; remove '&" + n.getAnchor() + "' and write repeated values out in full");
          return false;
        }
      }
    } catch (MarkedYAMLException e) {
      reportSyntax(file, lines, e, diagnostics);
      return false;
    } catch (YAMLException e) {
      diagnostics.error(new SourcePos(file, 1, 1), "the file could not be read as YAML: " + e.getMessage());
      return false;
    }
  }

  /** Duplicate keys (SnakeYAML only checks them when constructing objects, which we never do) and odd keys. */
  private static boolean reportBadKeys(YamlDocument doc, Node node) {
    boolean found = false;
    if (node instanceof MappingNode m) {
      Map<String, Node> seen = new HashMap<>();
      for (NodeTuple t : m.getValue()) {
        Node keyNode = t.getKeyNode();
        if (!(keyNode instanceof ScalarNode key)) {
          doc.diagnostics().error(doc.at(keyNode.getStartMark()),
              "a key must be a plain word (like 'text' or a node id), not a list or a mapping");
          found = true;
        } else {
          Node first = seen.putIfAbsent(key.getValue(), key);
          if (first != null) {
            doc.diagnostics().error(doc.at(key.getStartMark()), "'" + key.getValue() + "' is written twice here "
                + "(first on line " + (first.getStartMark().getLine() + 1) + "); keep only one of them");
            found = true;
          }
        }
        found |= reportBadKeys(doc, t.getValueNode());
      }
    } else if (node instanceof SequenceNode s) {
      for (Node item : s.getValue()) found |= reportBadKeys(doc, item);
    }
    return found;
  }

  /**
   * A syntax error at the parser's mark, or at the key that caused it when that key is on the line before: a
   * {@code key: value} line indented less than its siblings is valid YAML by itself (it joins the parent
   * mapping), so the parser only stops on the next line, back at the siblings' indentation.
   */
  private static void reportSyntax(String file, List<String> lines, MarkedYAMLException e, Diagnostics diagnostics) {
    Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    Optional<Integer> dedented = m == null ? Optional.empty() : YamlSyntaxHints.dedentedKeyBefore(lines, m.getLine());
    if (dedented.isPresent()) {
      int line = dedented.get();
      diagnostics.error(new SourcePos(file, line + 1, YamlSyntaxHints.keyColumn(lines.get(line)) + 1),
          YamlSyntaxHints.dedentedKey(lines, line));
    } else {
      diagnostics.error(markPos(file, e), YamlSyntaxHints.describe(e));
    }
  }

  private static SourcePos markPos(String file, MarkedYAMLException e) {
    Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    return m == null ? new SourcePos(file, 1, 1) : pos(file, m);
  }

  private static SourcePos pos(String file, Mark m) {
    return new SourcePos(file, m.getLine() + 1, m.getColumn() + 1);
  }
}
