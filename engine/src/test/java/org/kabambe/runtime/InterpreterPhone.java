package org.kabambe.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.kabambe.catalog.Catalog;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.flow.Flow;
import org.kabambe.ussd.DialString;
import org.kabambe.input.WordFolding;

/**
 * The interpreter and the channel renderers alone, with no service, no session handling and no storage: a harness
 * for the interpreter's unit tests, which check effects and screens step by step. Tools (simulate, flow tests)
 * never use it: they drive the served path (org.kabambe.simulator.SimulatedPhone).
 */
final class InterpreterPhone {
  private final Catalog catalog;
  private final Channel channel;
  private final String phone;
  private final String language;
  private final Map<String, Object> contact;
  private final Interpreter interpreter;
  private final UssdRenderer ussd;
  private final SmsRenderer sms = new SmsRenderer();
  private final Function<WebhookCall, WebhookOutcome> webhooks;
  private Conversation conversation;

  InterpreterPhone(Catalog catalog, Channel channel, String phone, String language, Map<String, Object> contact,
                        Clock clock, ArmPicker arms, UssdBudget budget,
                        Function<WebhookCall, WebhookOutcome> webhooks) {
    this.catalog = catalog;
    this.channel = channel;
    this.phone = phone;
    this.language = language;
    var c = new HashMap<>(contact);
    c.putIfAbsent("phone", phone);
    c.putIfAbsent("language", language);
    this.contact = c;
    this.ussd = new UssdRenderer(budget);
    this.webhooks = webhooks;
    FlowLookup lookup = new FlowLookup() {
      public Optional<Flow> current(String id) {
        return catalog.flow(id);
      }

      public Optional<Flow> pinned(String id, String hash) {
        return catalog.flow(id);
      }
    };
    this.interpreter = new Interpreter(lookup, clock, arms,
        (prompt, lang) -> channel == Channel.USSD ? ussd.paginate(prompt, NavLabels.of(catalog.navigation(), lang)).size() : 1);
  }

  /** Dials a USSD string (a service code, possibly with pre-filled inputs: *384*12*1#) and starts a new session. */
  public Shown dial(String dialled) {
    var codes = new ArrayList<String>();
    Map<String, Flow> byCode = new HashMap<>();
    for (Flow f : catalog.flows().values()) {
      f.triggers().ussd().forEach(code -> {
        codes.add(code.value());
        byCode.put(code.value(), f);
      });
    }
    DialString d = DialString.match(dialled, codes)
        .orElseThrow(() -> new IllegalArgumentException("no flow answers " + dialled + "; known codes: " + codes));
    StepResult r = start(byCode.get(d.serviceCode()));
    List<Effect> effects = new ArrayList<>(r.effects());
    List<StepResult.Visit> visited = new ArrayList<>(r.visited());
    for (String input : d.inputs()) {
      r = step(r.conversation(), input);
      effects.addAll(r.effects());
      visited.addAll(r.visited());
    }
    return show(new StepResult(r.conversation(), r.prompt(), effects, Optional.empty(), visited));
  }

  /** Starts a flow by id, as a trigger would. */
  public Shown begin(String flowId) {
    Flow f = catalog.flow(flowId).orElseThrow(() -> new IllegalArgumentException("no flow '" + flowId + "'"));
    StepResult r = start(f);
    return show(r);
  }

  /**
   * Sends an input. Over USSD it answers the screen on display. Over SMS a flow keyword (first word) starts its
   * flow, as the SMS router does (flow keywords come before a conversation waiting for a reply); other text
   * answers the waiting conversation.
   */
  public Shown send(String input) {
    if (channel == Channel.SMS) {
      Optional<Flow> byKeyword = flowForKeyword(input);
      if (byKeyword.isPresent()) {
        StepResult r = start(byKeyword.get());
        return show(r);
      }
    }
    if (conversation == null) throw new IllegalStateException("nothing on screen: dial a code or send a keyword first");
    StepResult r = step(conversation, input);
    return show(r);
  }

  public Optional<Conversation> conversation() {
    return Optional.ofNullable(conversation);
  }

  private Optional<Flow> flowForKeyword(String input) {
    String word = WordFolding.firstWord(input);
    if (word.isEmpty()) return Optional.empty();
    for (Flow f : catalog.flows().values()) {
      for (var k : f.triggers().keywords()) {
        if (WordFolding.fold(k.value()).equals(word)) return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private StepResult start(Flow flow) {
    return settle(interpreter.start(flow, phone, channel, language, contact));
  }

  private StepResult step(Conversation c, String input) {
    return settle(interpreter.reply(c, input));
  }

  /** Performs webhooks the step asked for, as the server would, until the step shows something. */
  private StepResult settle(StepResult r) {
    List<Effect> effects = new ArrayList<>(r.effects());
    List<StepResult.Visit> visited = new ArrayList<>(r.visited());
    while (r.webhook().isPresent()) {
      r = interpreter.afterWebhook(r.conversation(), webhooks.apply(r.webhook().get()));
      effects.addAll(r.effects());
      visited.addAll(r.visited());
    }
    conversation = r.conversation();
    return new StepResult(r.conversation(), r.prompt(), effects, Optional.empty(), visited);
  }

  private Shown show(StepResult r) {
    Conversation c = r.conversation();
    List<Effect> effects = r.effects();
    List<String> queued = effects.stream()
        .filter(e -> e instanceof Effect.SmsQueued).map(e -> ((Effect.SmsQueued) e).text()).toList();
    if (channel == Channel.USSD) {
      List<UssdPage> pages = ussd.paginate(r.prompt(), NavLabels.of(catalog.navigation(), c.language()));
      UssdPage page = pages.get(Math.min(c.page(), pages.size() - 1));
      int budget = page.encoding() == Encoding.GSM7 ? ussd.budget().gsm7Chars() : ussd.budget().ucs2Chars();
      return new Shown(page.text(), List.of(page.text()), page.closes(), c.flowId(), c.nodeId(), c.current().answers(),
          queued, page.encoding(), page.units(), budget, page.page(), page.pageCount(), effects, r.visited());
    }
    List<String> messages = sms.render(r.prompt());
    String all = String.join("\n\n", messages);
    var cost = SmsEncoding.cost(all);
    return new Shown(all, messages, c.ended(), c.flowId(), c.nodeId(), c.current().answers(), queued,
        cost.encoding(), cost.units(), cost.encoding() == Encoding.GSM7 ? 160 : 70, 0, 1, effects, r.visited());
  }

  /** What the phone shows after one input (see the tools' org.kabambe.simulator.Shown). */
  public record Shown(
      String screen,
      List<String> messages,
      boolean closes,
      String flowId,
      String nodeId,
      Map<String, Object> answers,
      List<String> smsQueued,
      Encoding encoding,
      int units,
      int budget,
      int page,
      int pages,
      List<Effect> effects,
      List<StepResult.Visit> visited) {

    public Shown {
      messages = List.copyOf(messages);
      answers = Map.copyOf(answers);
      smsQueued = List.copyOf(smsQueued);
      effects = List.copyOf(effects);
      visited = List.copyOf(visited);
    }
  }
}
