package org.kabambe.runtime;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.expect.TextExpect;

/**
 * Runs flows: a pure step function from (conversation, input) to (conversation', prompt, effects), with the
 * clock, the random-arm picker and the channel's pager injected, so every run can be reproduced. Nodes that show
 * nothing (route, do, call) run within one step until a node shows something; a step cap stops a runaway flow.
 * Thread-safe: it holds no mutable state.
 */
public final class Interpreter {
  private final FlowLookup flows;
  private final Clock clock;
  private final ArmPicker arms;
  private final Pager pager;

  public Interpreter(FlowLookup flows, Clock clock, ArmPicker arms, Pager pager) {
    this.flows = flows;
    this.clock = clock;
    this.arms = arms;
    this.pager = pager;
  }

  /** Starts {@code flow} for a participant; {@code contact} holds their fields as flows read them. */
  public StepResult start(Flow flow, String phone, Channel channel, String language, Map<String, Object> contact) {
    String lang = flow.languages().contains(language) ? language : flow.defaultLanguage();
    var now = clock.instant();
    Conversation fresh = new Conversation(phone, channel, lang,
        List.of(new Frame(flow.id(), flow.contentHash(), flow.start().node(), Map.of(), Map.of())),
        0, 0, -1, Conversation.NO_PROMPT, List.of(), contact, Map.of(), List.of(), false, now, now);
    Step s = new Step(flows, clock, arms, fresh, "");
    s.effects.add(new Effect.FlowStarted(flow.id(), flow.contentHash(), flow.version()));
    return s.advance(flow.start().node());
  }

  /** Takes the participant's reply to the prompt on screen. */
  public StepResult reply(Conversation c, String rawInput) {
    String input = rawInput == null ? "" : rawInput.strip();
    if (c.actionIndex() >= 0) return unchanged(c);
    Step s = new Step(flows, clock, arms, c, input);
    boolean ussd = c.channel() == Channel.USSD;
    if (ussd && NavLabels.MORE_KEY.equals(input) && c.page() + 1 < pager.pageCount(c.prompt(), c.language())) {
      return s.samePrompt(c.page() + 1);
    }
    // A last screen longer than a page is still read page by page; nothing else works once the flow ended.
    if (c.ended()) {
      return ussd && NavLabels.BACK_KEY.equals(input) && c.page() > 0 ? s.samePrompt(c.page() - 1) : unchanged(c);
    }
    Node node = s.node();
    if (ussd && isNavigation(input) && !acceptsAsAnswer(node, input, c.language())) {
      if (NavLabels.HOME_KEY.equals(input)) return s.home();
      if (c.page() > 0) return s.samePrompt(c.page() - 1);
      if (!c.history().isEmpty()) return s.back();
    }
    if (node instanceof Node.Menu m) return s.choose(m);
    if (node instanceof Node.Ask a) return s.answer(a);
    return unchanged(c);
  }

  /** Finishes a step that waited for a webhook: saves its result, or takes the action's on_error path. */
  public StepResult afterWebhook(Conversation c, WebhookOutcome outcome) {
    if (c.actionIndex() < 0 || !(flows.pinnedOf(c.current()).require(c.nodeId()) instanceof Node.Do d)) {
      return unchanged(c);
    }
    Step s = new Step(flows, clock, arms, c, "");
    s.preamble.addAll(c.prompt().preamble());
    int index = c.actionIndex();
    Action.Webhook w = (Action.Webhook) d.actions().get(index);
    if (!outcome.succeeded()) {
      s.effects.add(new Effect.ExpressionFailed(c.flowId(), d.id(), "webhook " + w.url().raw(),
          outcome.failure().orElse("failed")));
      if (w.onError().isPresent()) return s.advance(w.onError().get().node());
    } else {
      w.save().ifPresent(name -> s.setVar(name, outcome.value().orElse("")));
    }
    Optional<StepResult> suspended = s.runActions(d.actions(), index + 1);
    return suspended.orElseGet(() -> s.advance(d.next().node()));
  }

  private static boolean isNavigation(String input) {
    return NavLabels.BACK_KEY.equals(input) || NavLabels.HOME_KEY.equals(input);
  }

  /**
   * "0" can be a real answer to a question (how many children?); then it is not navigation. Free text with no
   * pattern accepts anything, so there the keys keep their meaning: nobody's name is "0".
   */
  private static boolean acceptsAsAnswer(Node node, String input, String language) {
    if (!(node instanceof Node.Ask a)) return false;
    if (a.expect() instanceof TextExpect t && t.pattern().isEmpty()) return false;
    return a.expect().parse(input, language).isPresent();
  }

  private static StepResult unchanged(Conversation c) {
    return new StepResult(c, c.prompt(), List.of(), Optional.empty(), List.of());
  }
}
