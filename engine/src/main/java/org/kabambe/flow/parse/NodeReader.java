package org.kabambe.flow.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Expression;
import org.kabambe.flow.Action;
import org.kabambe.flow.Node;
import org.kabambe.flow.Ref;
import org.kabambe.flow.Text;
import org.kabambe.flow.expect.Expect;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.diag.DidYouMean;

/** Reads one node: a mapping with exactly one kind key ({@code menu}, {@code ask}, ...) holding its fields. */
final class NodeReader {
  static final List<String> KINDS = List.of("menu", "ask", "say", "route", "do", "end", "call");
  static final int MAX_OPTIONS = 30;
  // keys that belong under a kind: written next to it, they are an indentation mistake, not a new kind
  private static final Set<String> FIELDS = Set.of("text", "options", "save", "invalid", "expect", "next",
      "retries", "on_retries_exhausted", "actions", "flow", "random", "label", "goto", "when", "else");

  private NodeReader() {}

  static Optional<Node> read(String id, SourcePos idPos, YamlValue v) {
    if (!v.isMap()) {
      v.error("node '" + id + "' should hold one kind key with its fields indented under it, like 'say:'; it is "
          + v.shape());
      return Optional.empty();
    }
    YamlMap m = v.map().orElseThrow();
    var diags = m.document().diagnostics();
    YamlEntry kind = null;
    for (YamlEntry e : m.entries()) {
      if (!KINDS.contains(e.key())) {
        diags.error(e.keyPos(), FIELDS.contains(e.key())
            ? "'" + e.key() + "' in node '" + id + "' belongs under its kind (menu:, ask:, say:, ...): indent it "
                + "under the kind key"
            : "unknown node kind '" + e.key() + "' in node '" + id + "'" + kindHint(e.key()));
      } else if (kind != null) {
        diags.error(e.keyPos(), "node '" + id + "' has two kinds, '" + kind.key() + "' (line " + kind.keyPos().line()
            + ") and '" + e.key() + "'; a node has exactly one kind: split it into two nodes");
      } else {
        kind = e;
      }
    }
    if (kind == null) {
      if (m.isEmpty()) m.error("node '" + id + "' is empty; give it one kind: " + String.join(", ", KINDS));
      else if (m.entries().stream().allMatch(e -> FIELDS.contains(e.key()))) {
        m.error("node '" + id + "' has no kind; put its fields under one of: " + String.join(", ", KINDS));
      }
      return Optional.empty();
    }
    YamlValue body = kind.value().describedAs(kind.key() + " '" + id + "'");
    return switch (kind.key()) {
      case "menu" -> body.map().flatMap(b -> menu(id, idPos, b));
      case "ask" -> body.map().flatMap(b -> ask(id, idPos, b));
      case "say" -> body.map().flatMap(b -> say(id, idPos, b));
      case "route" -> route(id, idPos, body);
      case "do" -> body.map().flatMap(b -> doNode(id, idPos, b));
      case "end" -> body.map().flatMap(b -> end(id, idPos, b));
      default -> body.map().flatMap(b -> call(id, idPos, b));
    };
  }

  private static String kindHint(String key) {
    String hint = DidYouMean.hint(key, KINDS);
    return hint.isEmpty() ? "; the kinds are: " + String.join(", ", KINDS) : hint;
  }

  private static Optional<Node> menu(String id, SourcePos pos, YamlMap m) {
    m.allowOnly(List.of("text", "options", "save", "invalid"));
    Optional<Text> text = m.required("text").flatMap(TextReader::read);
    Optional<List<Node.MenuOption>> options = m.required("options").flatMap(v -> options(id, v));
    Optional<String> save = save(m);
    Optional<Text> invalid = m.optional("invalid").flatMap(TextReader::read);
    if (text.isEmpty() || options.isEmpty()) return Optional.empty();
    return Optional.of(new Node.Menu(id, pos, text.get(), options.get(), save, invalid));
  }

  private static Optional<List<Node.MenuOption>> options(String id, YamlValue v) {
    Optional<List<YamlValue>> items = v.list();
    if (items.isEmpty()) return Optional.empty();
    if (items.get().isEmpty()) v.error("menu '" + id + "' needs at least one option");
    if (items.get().size() > MAX_OPTIONS) {
      v.error("menu '" + id + "' has " + items.get().size() + " options; at most " + MAX_OPTIONS
          + " fit: split it into two menus");
    }
    List<Node.MenuOption> out = new ArrayList<>();
    for (YamlValue item : items.get()) {
      item.map().map(o -> o.describedAs("option " + (out.size() + 1) + " of menu '" + id + "'"))
          .flatMap(NodeReader::option).ifPresent(out::add);
    }
    return out.size() == items.get().size() ? Optional.of(out) : Optional.empty();
  }

  private static Optional<Node.MenuOption> option(YamlMap o) {
    o.allowOnly(List.of("label", "goto", "value", "when"));
    Optional<Text> label = o.required("label").flatMap(TextReader::read);
    Optional<Ref> target = o.required("goto").flatMap(RefReader::read);
    Optional<String> value = o.optional("value").flatMap(YamlValue::text);
    Optional<Expression> when = o.optional("when").flatMap(ActionReader::expression);
    if (label.isEmpty() || target.isEmpty()) return Optional.empty();
    return Optional.of(new Node.MenuOption(label.get(), target.get(), value, when, o.pos()));
  }

  private static Optional<String> save(YamlMap m) {
    Optional<YamlValue> v = m.optional("save");
    if (v.isEmpty()) return Optional.empty();
    return v.get().text().filter(name -> Names.checkVariable(name, "answer", v.get()));
  }

  private static Optional<Node> ask(String id, SourcePos pos, YamlMap m) {
    m.allowOnly(List.of("text", "expect", "invalid", "save", "next", "retries", "on_retries_exhausted"));
    Optional<Text> text = m.required("text").flatMap(TextReader::read);
    Optional<Expect> expect = m.required("expect").flatMap(ExpectReader::read);
    Optional<Text> invalid = m.required("invalid").flatMap(TextReader::read);
    Optional<String> save = save(m);
    Optional<Ref> next = m.required("next").flatMap(RefReader::read);
    Optional<YamlValue> retriesValue = m.optional("retries");
    Optional<Integer> retriesRead = retriesValue.flatMap(YamlValue::wholeNumber); // reports a non-number itself
    int retries = retriesRead.orElse(0);
    Optional<Ref> exhausted = m.optional("on_retries_exhausted").flatMap(RefReader::read);
    if (retriesRead.isPresent() && retries < 1) retriesValue.get().error("'retries' should be 1 or more");
    if (retries > 0 && !m.has("on_retries_exhausted")) {
      retriesValue.get().error("ask '" + id + "' has 'retries' but no 'on_retries_exhausted': add "
          + "'on_retries_exhausted: node' (where to go after " + retries + " invalid answers)");
    }
    if (retriesValue.isEmpty() && m.has("on_retries_exhausted")) {
      m.optional("on_retries_exhausted").get().error("'on_retries_exhausted' needs 'retries: N' in ask '" + id
          + "' (after how many invalid answers to go there)");
    }
    if (text.isEmpty() || expect.isEmpty() || invalid.isEmpty() || next.isEmpty()) return Optional.empty();
    return Optional.of(new Node.Ask(id, pos, text.get(), expect.get(), invalid, save, next.get(), retries, exhausted));
  }

  private static Optional<Node> say(String id, SourcePos pos, YamlMap m) {
    m.allowOnly(List.of("text", "next"));
    Optional<Text> text = m.required("text").flatMap(TextReader::read);
    Optional<Ref> next = m.required("next").flatMap(RefReader::read);
    if (text.isEmpty() || next.isEmpty()) return Optional.empty();
    return Optional.of(new Node.Say(id, pos, text.get(), next.get()));
  }

  private static Optional<Node> route(String id, SourcePos pos, YamlValue body) {
    if (body.isMap()) {
      YamlMap m = body.map().orElseThrow();
      m.allowOnly(List.of("random"));
      return m.required("random").flatMap(v -> arms(id, pos, v));
    }
    if (!body.isList()) {
      body.error(body.what() + " should be a list of branches ('- when: CEL' + 'goto: node', ending with "
          + "'- else: node') or 'random:' with weighted arms; it is " + body.shape());
      return Optional.empty();
    }
    List<YamlValue> items = body.list().orElseThrow();
    List<Node.Branch> branches = new ArrayList<>();
    Optional<Ref> otherwise = Optional.empty();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Optional<YamlMap> item = items.get(i).map();
      if (item.isEmpty()) {
        ok = false;
        continue;
      }
      YamlMap b = item.get().describedAs("branch " + (i + 1) + " of route '" + id + "'");
      if (b.has("else")) {
        b.allowOnly(List.of("else"));
        YamlEntry e = b.entry("else").orElseThrow();
        if (i != items.size() - 1) {
          b.document().diagnostics().error(e.keyPos(), "'else' must be the last branch of route '" + id
              + "': move it to the end (branches after it would never be taken)");
          ok = false;
        }
        otherwise = RefReader.read(e.value());
        ok &= otherwise.isPresent();
        continue;
      }
      b.allowOnly(List.of("when", "goto"));
      Optional<Expression> when = b.required("when").flatMap(ActionReader::expression);
      Optional<Ref> target = b.required("goto").flatMap(RefReader::read);
      if (when.isPresent() && target.isPresent()) branches.add(new Node.Branch(when.get(), target.get()));
      else ok = false;
    }
    if (!items.stream().anyMatch(it -> it.map().isPresent() && hasElse(it))) {
      body.error("route '" + id + "' must end with '- else: node' (where to go when no condition holds)");
      return Optional.empty();
    }
    if (!ok || otherwise.isEmpty()) return Optional.empty();
    return Optional.of(new Node.Route(id, pos, branches, otherwise.get()));
  }

  private static boolean hasElse(YamlValue item) {
    return item.isMap() && item.map().orElseThrow().has("else");
  }

  private static Optional<Node> arms(String id, SourcePos pos, YamlValue v) {
    Optional<List<YamlValue>> items = v.list();
    if (items.isEmpty()) return Optional.empty();
    if (items.get().isEmpty()) {
      v.error("route '" + id + "' needs at least one arm under 'random', like '- {weight: 50, goto: arm_a}'");
      return Optional.empty();
    }
    List<Node.Arm> arms = new ArrayList<>();
    for (YamlValue item : items.get()) {
      Optional<YamlMap> a = item.map();
      if (a.isEmpty()) continue;
      YamlMap arm = a.get().describedAs("arm " + (arms.size() + 1) + " of route '" + id + "'");
      arm.allowOnly(List.of("weight", "goto"));
      Optional<YamlValue> weightValue = arm.required("weight");
      Optional<Integer> weight = weightValue.flatMap(YamlValue::wholeNumber);
      if (weight.isPresent() && weight.get() < 1) weightValue.get().error("'weight' should be 1 or more");
      Optional<Ref> target = arm.required("goto").flatMap(RefReader::read);
      if (weight.isPresent() && weight.get() >= 1 && target.isPresent()) {
        arms.add(new Node.Arm(weight.get(), target.get(), arm.pos()));
      }
    }
    return arms.size() == items.get().size() ? Optional.of(new Node.RandomSplit(id, pos, arms)) : Optional.empty();
  }

  private static Optional<Node> doNode(String id, SourcePos pos, YamlMap m) {
    m.allowOnly(List.of("actions", "next"));
    Optional<List<Action>> actions = m.required("actions").map(ActionReader::readList);
    Optional<Ref> next = m.required("next").flatMap(RefReader::read);
    if (actions.isEmpty() || next.isEmpty()) return Optional.empty();
    return Optional.of(new Node.Do(id, pos, actions.get(), next.get()));
  }

  private static Optional<Node> end(String id, SourcePos pos, YamlMap m) {
    m.allowOnly(List.of("text", "do"));
    Optional<Text> text = m.required("text").flatMap(TextReader::read);
    List<Action> actions = m.optional("do").map(ActionReader::readList).orElse(List.of());
    if (text.isEmpty()) return Optional.empty();
    return Optional.of(new Node.End(id, pos, text.get(), actions));
  }

  private static Optional<Node> call(String id, SourcePos pos, YamlMap m) {
    m.allowOnly(List.of("flow", "next"));
    Optional<YamlValue> flowValue = m.required("flow");
    Optional<String> flow = flowValue.flatMap(YamlValue::text).filter(f -> Names.checkFlowId(f, flowValue.get()));
    Optional<Ref> next = m.required("next").flatMap(RefReader::read);
    if (flow.isEmpty() || next.isEmpty()) return Optional.empty();
    return Optional.of(new Node.Call(id, pos, flow.get(), flowValue.get().pos(), next.get()));
  }
}
