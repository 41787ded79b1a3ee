package org.kabambe.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.kabambe.expr.Bindings;
import org.kabambe.expr.EvalException;
import org.kabambe.expr.Expression;
import org.kabambe.expr.Template;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Text;

/**
 * One step of the {@link Interpreter}: the mutable working state, which becomes the next immutable Conversation at
 * the end. Not shared: each call to the interpreter makes its own.
 */
final class Step {
  static final int STEP_CAP = 500;
  static final int HISTORY_CAP = 20;

  private final FlowLookup flows;
  private final Clock clock;
  private final ArmPicker arms;
  final Conversation before;
  final String input;
  final List<Frame> stack;
  final List<Effect> effects = new ArrayList<>(4);
  final List<String> preamble = new ArrayList<>(2);
  final List<StepResult.Visit> visited = new ArrayList<>(4);
  List<List<Frame>> history;
  Map<String, Object> contact;
  Map<String, Integer> armsGiven;
  String language;
  Bindings bindings;

  Step(FlowLookup flows, Clock clock, ArmPicker arms, Conversation c, String input) {
    this.flows = flows;
    this.clock = clock;
    this.arms = arms;
    this.before = c;
    this.input = input;
    this.stack = new ArrayList<>(c.stack());
    this.history = c.history();
    this.contact = c.contact();
    this.armsGiven = c.arms();
    this.language = c.language();
  }

  Frame top() {
    return stack.get(stack.size() - 1);
  }

  Flow flow() {
    return flows.pinnedOf(top());
  }

  Node node() {
    return flow().require(top().nodeId());
  }

  Bindings bindings() {
    if (bindings == null) {
      Frame f = top();
      bindings = new Bindings(f.answers(), f.vars(), contact, before.channel().id(), clock.instant(), input);
    }
    return bindings;
  }

  void moveTo(String nodeId) {
    stack.set(stack.size() - 1, top().at(nodeId));
  }

  void replaceTop(Frame f) {
    stack.set(stack.size() - 1, f);
    bindings = null;
  }

  void setVar(String name, Object value) {
    Frame f = top();
    var vars = new HashMap<>(f.vars());
    vars.put(name, value);
    replaceTop(new Frame(f.flowId(), f.flowHash(), f.nodeId(), f.answers(), vars));
  }

  void saveAnswer(String name, Object value) {
    Frame f = top();
    var answers = new HashMap<>(f.answers());
    answers.put(name, value);
    replaceTop(new Frame(f.flowId(), f.flowHash(), f.nodeId(), answers, f.vars()));
  }

  void setContact(String field, Object value) {
    var m = new HashMap<>(contact);
    m.put(field, value);
    contact = m;
    bindings = null;
  }

  String render(Text text) {
    Template t = text.in(language, flow().defaultLanguage());
    return t.isPlain() ? t.raw() : t.render(bindings());
  }

  /**
   * Remembers the screen being left, for "0 Back". Going back keeps the answers of the frames still running (the
   * root always is), so only a called flow's answers are kept here: the stored state, written every hop, stays
   * small instead of holding a copy of every answer per screen.
   */
  void rememberScreen() {
    var h = new ArrayList<List<Frame>>(history.size() + 1);
    h.addAll(history.size() >= HISTORY_CAP ? history.subList(1, history.size()) : history);
    List<Frame> stackNow = before.stack();
    var positions = new ArrayList<Frame>(stackNow.size());
    for (int i = 0; i < stackNow.size(); i++) {
      Frame f = stackNow.get(i);
      boolean calledTop = i > 0 && i == stackNow.size() - 1;
      positions.add(calledTop ? f : new Frame(f.flowId(), f.flowHash(), f.nodeId(), Map.of(), Map.of()));
    }
    h.add(List.copyOf(positions));
    history = h;
  }

  /** Walks from {@code nodeId} through nodes that show nothing, to the next node that shows something. */
  StepResult advance(String nodeId) {
    String next = nodeId;
    for (int steps = 0; steps < STEP_CAP; steps++) {
      moveTo(next);
      Flow flow = flow();
      visited.add(new StepResult.Visit(flow.id(), next));
      Optional<Node> found = flow.node(next);
      if (found.isEmpty()) return unavailable("no node '" + next + "' in flow " + flow.id());
      Node node = found.get();
      if (node instanceof Node.Menu || node instanceof Node.Ask) {
        return show(node, List.of());
      } else if (node instanceof Node.Say say) {
        effects.add(new Effect.NodeShown(flow.id(), say.id()));
        preamble.add(render(say.text()));
        next = say.next().node();
      } else if (node instanceof Node.Route r) {
        next = route(r);
      } else if (node instanceof Node.RandomSplit split) {
        next = arm(flow, split);
      } else if (node instanceof Node.Do d) {
        Optional<StepResult> suspended = runActions(d.actions(), 0);
        if (suspended.isPresent()) return suspended.get();
        next = d.next().node();
      } else if (node instanceof Node.Call call) {
        Optional<Flow> callee = flows.current(call.flow());
        if (callee.isEmpty()) return unavailable("flow '" + call.flow() + "' is not loaded");
        Flow f = callee.get();
        stack.add(new Frame(f.id(), f.contentHash(), f.start().node(), Map.of(), Map.of()));
        bindings = null;
        effects.add(new Effect.FlowStarted(f.id(), f.contentHash(), f.version()));
        next = f.start().node();
      } else if (node instanceof Node.End e) {
        Optional<StepResult> suspended = runActions(e.actions(), 0);
        if (suspended.isPresent()) return suspended.get();
        effects.add(new Effect.FlowCompleted(flow.id(), e.id()));
        if (stack.size() == 1) return show(e, List.of());
        // A called flow's end returns to the caller; its text goes above the caller's next screen.
        effects.add(new Effect.NodeShown(flow.id(), e.id()));
        String text = render(e.text());
        if (!text.isBlank()) preamble.add(text);
        stack.remove(stack.size() - 1);
        bindings = null;
        next = ((Node.Call) flow().require(top().nodeId())).next().node();
      }
    }
    return unavailable("more than " + STEP_CAP + " steps without showing anything");
  }

  String route(Node.Route r) {
    for (Node.Branch b : r.branches()) {
      if (holds(b.when(), r.id())) return b.target().node();
    }
    return r.otherwise().node();
  }

  boolean holds(Expression e, String nodeId) {
    try {
      return Boolean.TRUE.equals(e.eval(bindings()));
    } catch (EvalException ex) {
      effects.add(new Effect.ExpressionFailed(top().flowId(), nodeId, e.source(), ex.getMessage()));
      return false;
    }
  }

  String arm(Flow flow, Node.RandomSplit split) {
    String key = flow.id() + "/" + split.id();
    Integer given = armsGiven.get(key);
    int arm;
    if (given != null && given < split.arms().size()) {
      arm = given;
    } else {
      int ticket = arms.pick(before.phone(), flow.id(), split.id(), split.totalWeight());
      arm = 0;
      for (int acc = split.arms().get(0).weight(); ticket >= acc; acc += split.arms().get(arm).weight()) arm++;
      var m = new HashMap<>(armsGiven);
      m.put(key, arm);
      armsGiven = m;
      effects.add(new Effect.ArmAssigned(flow.id(), split.id(), arm, split.arms().get(arm).target().node()));
    }
    return split.arms().get(arm).target().node();
  }

  /** Runs actions from {@code from}; a webhook suspends the step and is returned for the caller to perform. */
  Optional<StepResult> runActions(List<Action> actions, int from) {
    for (int i = from; i < actions.size(); i++) {
      Optional<StepResult> suspended = actions.get(i).accept(new ActionRun(this, i));
      if (suspended.isPresent()) return suspended;
    }
    return Optional.empty();
  }

  Optional<Object> value(Expression e, String nodeId) {
    try {
      return Optional.ofNullable(e.eval(bindings()));
    } catch (EvalException ex) {
      effects.add(new Effect.ExpressionFailed(top().flowId(), nodeId, e.source(), ex.getMessage()));
      return Optional.empty();
    }
  }

  StepResult suspendFor(Action.Webhook w, int index) {
    Bindings b = bindings();
    var headers = new HashMap<String, String>();
    w.headers().forEach((k, v) -> headers.put(k, v.render(b)));
    var call = new WebhookCall(w.url().render(b), w.method(), headers, w.body().map(t -> t.render(b)), w.timeout());
    Prompt waiting = new Prompt(preamble, "", List.of(), false, false);
    return new StepResult(finish(waiting, List.of(), 0, 0, index, false), waiting, effects, Optional.of(call), visited);
  }

  /** Puts a node that shows something on screen, with the texts met on the way above it. */
  StepResult show(Node node, List<String> notices) {
    Flow flow = flow();
    effects.add(new Effect.NodeShown(flow.id(), node.id()));
    var visit = new StepResult.Visit(flow.id(), node.id());
    if (visited.isEmpty() || !visited.get(visited.size() - 1).equals(visit)) visited.add(visit);
    List<String> above = new ArrayList<>(preamble);
    above.addAll(notices);
    boolean canGoBack = !history.isEmpty();
    Prompt prompt;
    List<Integer> visible = List.of();
    boolean closes = false;
    if (node instanceof Node.Menu m) {
      var options = new ArrayList<Prompt.Option>(m.options().size());
      var indexes = new ArrayList<Integer>(m.options().size());
      for (int i = 0; i < m.options().size(); i++) {
        Node.MenuOption o = m.options().get(i);
        if (o.when().isPresent() && !holds(o.when().get(), m.id())) continue;
        options.add(new Prompt.Option(options.size() + 1, render(o.label())));
        indexes.add(i);
      }
      visible = indexes;
      prompt = new Prompt(above, render(m.text()), options, false, canGoBack);
    } else if (node instanceof Node.Ask a) {
      prompt = new Prompt(above, render(a.text()), List.of(), false, canGoBack);
    } else if (node instanceof Node.End e) {
      closes = true;
      prompt = new Prompt(above, render(e.text()), List.of(), true, false);
    } else {
      throw new IllegalStateException(node.kind() + " nodes are not shown on their own");
    }
    int invalid = node.id().equals(before.nodeId()) && notices.size() > 0 ? before.invalidCount() + 1 : 0;
    return new StepResult(finish(prompt, visible, 0, invalid, -1, closes), prompt, effects, Optional.empty(), visited);
  }

  Conversation finish(Prompt prompt, List<Integer> visible, int page, int invalidCount, int actionIndex,
                      boolean closes) {
    // An ended conversation cannot go Back (only page through its last screen), so it keeps no history: that
    // would be most of the state stored, and held in memory, for every participant who finished.
    return new Conversation(before.phone(), before.channel(), language, stack, page, invalidCount, actionIndex,
        prompt, visible, contact, armsGiven, closes ? List.of() : history, closes, before.startedAt(),
        clock.instant());
  }

  StepResult samePrompt(int page) {
    Conversation c = finish(before.prompt(), before.visibleOptions(), page, before.invalidCount(), -1,
        before.ended());
    return new StepResult(c, before.prompt(), effects, Optional.empty(), visited);
  }

  StepResult choose(Node.Menu m) {
    OptionalInt chosen = OptionMatcher.match(input, before.prompt().options(), before.channel() == Channel.SMS);
    if (chosen.isEmpty()) return invalid(m, m.invalid().map(this::render).orElse(RuntimeTexts.invalidChoice(language)));
    Node.MenuOption option = m.options().get(before.visibleOptions().get(chosen.getAsInt()));
    String value = option.value().orElse(Integer.toString(chosen.getAsInt() + 1));
    effects.add(new Effect.AnswerGiven(top().flowId(), m.id(), m.save().orElse(m.id()), value, input));
    m.save().ifPresent(name -> saveAnswer(name, value));
    rememberScreen();
    return advance(option.target().node());
  }

  StepResult answer(Node.Ask a) {
    Optional<Object> value = a.expect().parse(input, language);
    if (value.isEmpty()) {
      if (a.retries() > 0 && before.invalidCount() + 1 >= a.retries() && a.onRetriesExhausted().isPresent()) {
        effects.add(new Effect.InvalidAnswer(top().flowId(), a.id(), input));
        return advance(a.onRetriesExhausted().get().node());
      }
      return invalid(a, a.invalid().map(this::render).orElse(RuntimeTexts.invalidChoice(language)));
    }
    effects.add(new Effect.AnswerGiven(top().flowId(), a.id(), a.save().orElse(a.id()), value.get(), input));
    a.save().ifPresent(name -> saveAnswer(name, value.get()));
    rememberScreen();
    return advance(a.next().node());
  }

  StepResult invalid(Node node, String notice) {
    effects.add(new Effect.InvalidAnswer(top().flowId(), node.id(), input));
    return show(node, List.of(notice));
  }

  StepResult back() {
    List<Frame> previous = history.get(history.size() - 1);
    history = history.subList(0, history.size() - 1);
    // Go back to the earlier screen but keep every answer given since, as the participant expects.
    for (int depth = 0; depth < previous.size(); depth++) {
      Frame was = previous.get(depth);
      Frame now = depth < stack.size() ? stack.get(depth) : null;
      Frame merged = now != null && now.flowId().equals(was.flowId())
          ? new Frame(was.flowId(), was.flowHash(), was.nodeId(), now.answers(), now.vars()) : was;
      if (depth < stack.size()) stack.set(depth, merged);
      else stack.add(merged);
    }
    while (stack.size() > previous.size()) stack.remove(stack.size() - 1);
    bindings = null;
    return show(node(), List.of());
  }

  StepResult home() {
    Frame root = stack.get(0);
    stack.clear();
    Flow flow = flows.pinnedOf(root);
    stack.add(new Frame(root.flowId(), root.flowHash(), flow.start().node(), root.answers(), root.vars()));
    history = List.of();
    bindings = null;
    return advance(flow.start().node());
  }

  StepResult unavailable(String why) {
    effects.add(new Effect.ExpressionFailed(top().flowId(), top().nodeId(), "", why));
    Prompt p = new Prompt(preamble, RuntimeTexts.unavailable(language), List.of(), true, false);
    return new StepResult(finish(p, List.of(), 0, 0, -1, true), p, effects, Optional.empty(), visited);
  }
}
