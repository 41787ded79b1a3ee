package org.kabambe.graph;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Ref;
import org.kabambe.flow.Text;

/**
 * A flow as a Mermaid flowchart, for authors ({@code kabambe graph}) and, annotated with counts, for the
 * dashboard's funnel. Shapes tell kinds apart: menus are boxes, questions parallelograms, routes diamonds, ends
 * stadiums, calls subroutines.
 */
public final class MermaidGraph {
  private static final int LABEL_MAX = 40;

  private MermaidGraph() {}

  public static String render(Flow flow, String language) {
    return render(flow, language, id -> "");
  }

  /** {@code annotate} adds a line under a node's label (e.g. "reached 120 · left 8"); empty for none. */
  public static String render(Flow flow, String language, Function<String, String> annotate) {
    var sb = new StringBuilder("flowchart TD\n");
    sb.append("  %% ").append(flow.id()).append(" (").append(flow.title()).append("), version ")
        .append(flow.version()).append('\n');
    sb.append("  start((start)) --> ").append(id(flow.start().node())).append('\n');
    for (Node n : flow.nodes().values()) {
      String note = annotate.apply(n.id());
      String label = n.id() + ": " + summary(n, flow, language) + (note.isEmpty() ? "" : "<br/>" + note);
      sb.append("  ").append(shape(n, quote(label))).append('\n');
      edges(n, flow, language, sb);
    }
    return sb.toString();
  }

  private static void edges(Node n, Flow flow, String lang, StringBuilder sb) {
    if (n instanceof Node.Menu m) {
      int i = 1;
      for (Node.MenuOption o : m.options()) {
        String label = i++ + ". " + text(o.label(), flow, lang) + (o.when().isPresent() ? " (if " + o.when().get() + ")" : "");
        edge(sb, n.id(), o.target().node(), label);
      }
    } else if (n instanceof Node.Route r) {
      for (Node.Branch b : r.branches()) edge(sb, n.id(), b.target().node(), b.when().source());
      edge(sb, n.id(), r.otherwise().node(), "else");
    } else if (n instanceof Node.RandomSplit s) {
      for (Node.Arm a : s.arms()) edge(sb, n.id(), a.target().node(), a.weight() + "/" + s.totalWeight());
    } else if (n instanceof Node.Ask a) {
      edge(sb, n.id(), a.next().node(), "answer");
      a.onRetriesExhausted().ifPresent(r -> edge(sb, n.id(), r.node(), "too many tries"));
    } else {
      List<Ref> exits = n.exits();
      for (int i = 0; i < exits.size(); i++) edge(sb, n.id(), exits.get(i).node(), i == 0 ? "" : "on error");
    }
  }

  private static void edge(StringBuilder sb, String from, String to, String label) {
    sb.append("  ").append(id(from)).append(" -->");
    if (!label.isEmpty()) sb.append('|').append(quote(shorten(label))).append('|');
    sb.append(' ').append(id(to)).append('\n');
  }

  private static String summary(Node n, Flow flow, String lang) {
    if (n instanceof Node.Menu m) return shorten(text(m.text(), flow, lang));
    if (n instanceof Node.Ask a) return shorten(text(a.text(), flow, lang)) + " [" + a.expect().kind() + "]";
    if (n instanceof Node.Say s) return shorten(text(s.text(), flow, lang));
    if (n instanceof Node.End e) return shorten(text(e.text(), flow, lang));
    if (n instanceof Node.Call c) return "call " + c.flow();
    if (n instanceof Node.Do d) return d.actions().size() + " action" + (d.actions().size() == 1 ? "" : "s");
    if (n instanceof Node.RandomSplit) return "random split";
    return "route";
  }

  private static String shape(Node n, String label) {
    String id = id(n.id());
    if (n instanceof Node.Menu) return id + "[" + label + "]";
    if (n instanceof Node.Ask) return id + "[/" + label + "/]";
    if (n instanceof Node.Route || n instanceof Node.RandomSplit) return id + "{" + label + "}";
    if (n instanceof Node.End) return id + "([" + label + "])";
    if (n instanceof Node.Call) return id + "[[" + label + "]]";
    return id + "(" + label + ")";
  }

  private static String text(Text t, Flow flow, String lang) {
    return t.in(lang, flow.defaultLanguage()).raw();
  }

  /** Mermaid ids must be plain: node ids may hold '-', which Mermaid reads as an arrow. */
  private static String id(String nodeId) {
    return "n_" + nodeId.replace('-', '_');
  }

  private static String shorten(String s) {
    String one = s.replace('\n', ' ').strip();
    return one.length() <= LABEL_MAX ? one : one.substring(0, LABEL_MAX - 1) + "…";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "#quot;") + "\"";
  }

  /** Counts per node rendered as a note, for the dashboard. */
  public static Function<String, String> counts(Map<String, String> notes) {
    return id -> notes.getOrDefault(id, "");
  }
}
