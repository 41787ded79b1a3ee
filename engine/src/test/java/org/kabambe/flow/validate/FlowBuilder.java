package org.kabambe.flow.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.Located;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Expression;
import org.kabambe.expr.Scope;
import org.kabambe.expr.Template;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Ref;
import org.kabambe.flow.ResumeMode;
import org.kabambe.flow.Text;
import org.kabambe.flow.Triggers;
import org.kabambe.flow.expect.Expect;
import org.kabambe.flow.expect.TextExpect;

/**
 * Builds flows for tests without YAML. Every node, text, option and reference gets its own line in a fake file
 * {@code <id>.yaml}, in call order, and is remembered under a key so tests can assert exact positions:
 * {@code "welcome"} (the node), {@code "welcome.text"}, {@code "welcome.option2"}, {@code "welcome.option2.label"},
 * {@code "welcome.option2.goto"}, {@code "welcome.invalid"}, {@code "age.next"},
 * {@code "age.on_retries_exhausted"}, {@code "split.arm1"}, {@code "split.arm1.goto"}, {@code "check.branch1"},
 * {@code "check.else"}, {@code "thanks.sms1"}, {@code "thanks.on_error1"}, {@code "sub.flow"}, {@code "start"},
 * {@code "ussd:*1#"}, {@code "keyword:VAX"}.
 * Texts are a String (every language) or a Map from language to text.
 */
final class FlowBuilder {
  private final String id;
  private final String file;
  private final Map<String, SourcePos> positions = new HashMap<>();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<Located<String>> ussd = new ArrayList<>();
  private final List<Located<String>> keywords = new ArrayList<>();
  private List<String> languages = List.of("en");
  private Ref start;
  private int smsSegments = Flow.DEFAULT_SMS_SEGMENT_LIMIT;
  private boolean translationFallback;
  private int line = 1;

  private FlowBuilder(String id) {
    this.id = id;
    this.file = id + ".yaml";
  }

  static FlowBuilder flow(String id) {
    return new FlowBuilder(id);
  }

  /** A per-language text: {@code tr("en", "Hi", "fr", "Salut")}. */
  static Map<String, String> tr(String... languageTextPairs) {
    var m = new LinkedHashMap<String, String>();
    for (int i = 0; i < languageTextPairs.length; i += 2) m.put(languageTextPairs[i], languageTextPairs[i + 1]);
    return m;
  }

  /** The position given to the thing under {@code key}. */
  SourcePos pos(String key) {
    SourcePos p = positions.get(key);
    if (p == null) throw new IllegalArgumentException("no position recorded for " + key + ": " + positions.keySet());
    return p;
  }

  FlowBuilder languages(String... languages) {
    this.languages = List.of(languages);
    return this;
  }

  FlowBuilder start(String node) {
    this.start = ref("start", node);
    return this;
  }

  FlowBuilder smsSegments(int limit) {
    this.smsSegments = limit;
    return this;
  }

  FlowBuilder translationFallback() {
    this.translationFallback = true;
    return this;
  }

  FlowBuilder ussd(String... codes) {
    for (String c : codes) ussd.add(new Located<>(c, at("ussd:" + c)));
    return this;
  }

  FlowBuilder keywords(String... words) {
    for (String w : words) keywords.add(new Located<>(w, at("keyword:" + w)));
    return this;
  }

  FlowBuilder menu(String nodeId, Object text, Consumer<MenuBuilder> body) {
    SourcePos pos = at(nodeId);
    var m = new MenuBuilder(nodeId, text(nodeId + ".text", text));
    body.accept(m);
    return add(new Node.Menu(nodeId, pos, m.text, m.options, m.save, m.invalid));
  }

  FlowBuilder ask(String nodeId, Object text, Consumer<AskBuilder> body) {
    SourcePos pos = at(nodeId);
    var a = new AskBuilder(nodeId, text(nodeId + ".text", text));
    body.accept(a);
    return add(new Node.Ask(nodeId, pos, a.text, a.expect, a.invalid, a.save, a.next, a.retries,
        a.onRetriesExhausted));
  }

  FlowBuilder say(String nodeId, Object text, String next) {
    SourcePos pos = at(nodeId);
    return add(new Node.Say(nodeId, pos, text(nodeId + ".text", text), ref(nodeId + ".next", next)));
  }

  /** A route: {@code whenThen} pairs of (CEL condition, target), then the else target. */
  FlowBuilder route(String nodeId, String otherwise, String... whenThen) {
    SourcePos pos = at(nodeId);
    var branches = new ArrayList<Node.Branch>();
    for (int i = 0; i < whenThen.length; i += 2) {
      String key = nodeId + ".branch" + (i / 2 + 1);
      branches.add(new Node.Branch(new Expression(whenThen[i], at(key + ".when")), ref(key, whenThen[i + 1])));
    }
    return add(new Node.Route(nodeId, pos, branches, ref(nodeId + ".else", otherwise)));
  }

  /** A random split: {@code weightTarget} pairs of (Integer weight, String target). */
  FlowBuilder random(String nodeId, Object... weightTarget) {
    SourcePos pos = at(nodeId);
    var arms = new ArrayList<Node.Arm>();
    for (int i = 0; i < weightTarget.length; i += 2) {
      String key = nodeId + ".arm" + (i / 2 + 1);
      SourcePos armPos = at(key);
      arms.add(new Node.Arm((Integer) weightTarget[i], ref(key + ".goto", (String) weightTarget[i + 1]), armPos));
    }
    return add(new Node.RandomSplit(nodeId, pos, arms));
  }

  FlowBuilder doNode(String nodeId, String next, Consumer<ActionsBuilder> body) {
    SourcePos pos = at(nodeId);
    var actions = new ActionsBuilder(nodeId);
    body.accept(actions);
    return add(new Node.Do(nodeId, pos, actions.actions, ref(nodeId + ".next", next)));
  }

  FlowBuilder end(String nodeId, Object text) {
    return end(nodeId, text, a -> { });
  }

  FlowBuilder end(String nodeId, Object text, Consumer<ActionsBuilder> body) {
    SourcePos pos = at(nodeId);
    Text t = text(nodeId + ".text", text);
    var actions = new ActionsBuilder(nodeId);
    body.accept(actions);
    return add(new Node.End(nodeId, pos, t, actions.actions));
  }

  FlowBuilder call(String nodeId, String flow, String next) {
    SourcePos pos = at(nodeId);
    return add(new Node.Call(nodeId, pos, flow, at(nodeId + ".flow"), ref(nodeId + ".next", next)));
  }

  Flow build() {
    Ref s = start != null ? start : new Ref(nodes.keySet().iterator().next(), new SourcePos(file, 1, 8));
    return new Flow(id, id, 1, "hash-" + id, file, new SourcePos(file, 1, 1), languages, s,
        new Triggers(ussd, keywords), ResumeMode.ASK, Flow.DEFAULT_RESUME_WINDOW, smsSegments, translationFallback,
        java.util.Optional.empty(), nodes, new Scope(Map.of(), Map.of(), Map.of()));
  }

  private FlowBuilder add(Node node) {
    nodes.put(node.id(), node);
    return this;
  }

  private SourcePos at(String key) {
    SourcePos p = new SourcePos(file, ++line, 3);
    positions.put(key, p);
    return p;
  }

  private Ref ref(String key, String target) {
    return new Ref(target, at(key));
  }

  @SuppressWarnings("unchecked")
  private Text text(String key, Object spec) {
    SourcePos pos = at(key);
    Map<String, String> byLanguage = spec instanceof String s ? Map.of(Text.ANY_LANGUAGE, s) : (Map<String, String>) spec;
    var templates = new LinkedHashMap<String, Template>();
    byLanguage.forEach((l, t) -> templates.put(l, Template.parse(t, pos, new Diagnostics())));
    return new Text(templates, pos);
  }

  /** The options and settings of one menu. */
  final class MenuBuilder {
    private final String nodeId;
    private final Text text;
    private final List<Node.MenuOption> options = new ArrayList<>();
    private Optional<String> save = Optional.empty();
    private Optional<Text> invalid = Optional.empty();

    private MenuBuilder(String nodeId, Text text) {
      this.nodeId = nodeId;
      this.text = text;
    }

    MenuBuilder option(Object label, String target) {
      return option(label, target, null);
    }

    MenuBuilder option(Object label, String target, String value) {
      String key = nodeId + ".option" + (options.size() + 1);
      SourcePos pos = at(key);
      options.add(new Node.MenuOption(text(key + ".label", label), ref(key + ".goto", target),
          Optional.ofNullable(value), Optional.empty(), pos));
      return this;
    }

    MenuBuilder save(String name) {
      save = Optional.of(name);
      return this;
    }

    MenuBuilder invalid(Object text) {
      invalid = Optional.of(text(nodeId + ".invalid", text));
      return this;
    }
  }

  /** The settings of one ask; expect defaults to free text. */
  final class AskBuilder {
    private final String nodeId;
    private final Text text;
    private Expect expect = new TextExpect(java.util.OptionalInt.empty(), java.util.OptionalInt.empty(),
        Optional.empty());
    private Optional<Text> invalid = Optional.empty();
    private Optional<String> save = Optional.empty();
    private Ref next;
    private int retries;
    private Optional<Ref> onRetriesExhausted = Optional.empty();

    private AskBuilder(String nodeId, Text text) {
      this.nodeId = nodeId;
      this.text = text;
    }

    AskBuilder expect(Expect e) {
      expect = e;
      return this;
    }

    AskBuilder invalid(Object t) {
      invalid = Optional.of(text(nodeId + ".invalid", t));
      return this;
    }

    AskBuilder save(String name) {
      save = Optional.of(name);
      return this;
    }

    AskBuilder next(String target) {
      next = ref(nodeId + ".next", target);
      return this;
    }

    AskBuilder retries(int n) {
      retries = n;
      return this;
    }

    AskBuilder onRetriesExhausted(String target) {
      onRetriesExhausted = Optional.of(ref(nodeId + ".on_retries_exhausted", target));
      return this;
    }
  }

  /** The actions of a do or end node. */
  final class ActionsBuilder {
    private final String nodeId;
    private final List<Action> actions = new ArrayList<>();
    private int sms;
    private int webhooks;

    private ActionsBuilder(String nodeId) {
      this.nodeId = nodeId;
    }

    ActionsBuilder sms(Object text) {
      String key = nodeId + ".sms" + (++sms);
      Text t = text(key, text);
      actions.add(new Action.SendSms(t, t.pos()));
      return this;
    }

    ActionsBuilder webhook(String onError) {
      String key = nodeId + ".on_error" + (++webhooks);
      SourcePos pos = at(nodeId + ".webhook" + webhooks);
      actions.add(new Action.Webhook(Template.parse("https://example.org", pos, new Diagnostics()), "POST",
          Map.of(), Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
          Optional.of(ref(key, onError)), pos));
      return this;
    }
  }
}
