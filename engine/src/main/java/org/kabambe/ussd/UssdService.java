package org.kabambe.ussd;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.connectors.sms.LoggedText;
import org.kabambe.connectors.ussd.LogThrottle;
import org.kabambe.connectors.ussd.UssdHandler;
import org.kabambe.connectors.ussd.UssdReply;
import org.kabambe.connectors.ussd.UssdRequest;
import org.kabambe.contact.Contact;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.conversation.ContactLoader;
import org.kabambe.conversation.HopRecorder;
import org.kabambe.conversation.SerialHops;
import org.kabambe.events.HopEvent;
import org.kabambe.flow.Flow;
import org.kabambe.flow.ResumeMode;
import org.kabambe.input.TypedText;
import org.kabambe.metrics.KabambeMetrics;
import org.kabambe.runtime.ArmPicker;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.runtime.Frame;
import org.kabambe.runtime.Interpreter;
import org.kabambe.runtime.NavLabels;
import org.kabambe.runtime.Prompt;
import org.kabambe.runtime.RuntimeTexts;
import org.kabambe.runtime.StepListener;
import org.kabambe.runtime.StepResult;
import org.kabambe.runtime.UssdBudget;
import org.kabambe.runtime.UssdPage;
import org.kabambe.runtime.UssdRenderer;
import org.kabambe.store.ConversationRow;
import org.kabambe.store.DiskLowException;
import org.kabambe.store.HopWrite;
import org.kabambe.webhook.WebhookClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers USSD hops from the flows: finds the participant's conversation by number, runs one interpreter step,
 * renders the screen for the gateway's budget, and releases the reply only once the new state, the answers and
 * the events are committed (durable before acknowledged). Hops for one number run one at a time; an exact retry
 * of the last hop gets the last reply again without advancing. Never blocks the event loop: state is loaded on
 * a worker, written by the group-commit writer, and webhooks go through the async web client.
 */
public final class UssdService implements UssdHandler {
  private static final Logger log = LoggerFactory.getLogger(UssdService.class);
  private static final String CHANNEL = "ussd";
  /** The longest a USSD session lasts (Africa's Talking: 180 s); SMS held longer than that go out anyway. */
  static final Duration HOLD_SMS = Duration.ofMinutes(3);
  /**
   * On gateways that neither number their hops nor send cumulative text, the same input this soon after the last
   * reply is a retry: gateways resend when a reply is slow or lost, while reading a new screen and typing takes a
   * participant longer.
   */
  public static final Duration RETRY_WINDOW = Duration.ofSeconds(3);

  /**
   * Deployment settings of the USSD service; {@code numbers} files each caller under their E.164 number;
   * {@code steps} is told of every interpreter step (tools); {@code retryWindow} is how soon the same input on a
   * gateway that neither numbers its hops nor sends cumulative text is taken for a retry (zero: never, for a
   * simulated participant, who never retries and answers at once).
   */
  public record Settings(String defaultLanguage, Duration webhookBudget, long armSeed, PhoneNumbers numbers,
                         StepListener steps, Duration retryWindow) {
    public static final Settings DEFAULT = new Settings("en", Duration.ofSeconds(4), 0L, PhoneNumbers.INTERNATIONAL);

    public Settings(String defaultLanguage, Duration webhookBudget, long armSeed, PhoneNumbers numbers) {
      this(defaultLanguage, webhookBudget, armSeed, numbers, StepListener.NONE, RETRY_WINDOW);
    }
  }

  private final Vertx vertx;
  private final FlowRegistry flows;
  private final SerialHops hops;
  private final WebhookClient webhooks;
  private final KabambeMetrics metrics;
  private final Clock clock;
  private final Settings settings;
  private final Map<Integer, Screens> screensByBudget = new ConcurrentHashMap<>();
  private final ContactLoader contacts;
  private final LogThrottle hopFailures = new LogThrottle(1, TimeUnit.MINUTES);
  private final LogThrottle hopFailureLines = new LogThrottle(1, TimeUnit.SECONDS);

  /** {@code contacts} reads the stored contact when a session starts, for {@code contact.*}. */
  public UssdService(Vertx vertx, FlowRegistry flows, SerialHops hops, WebhookClient webhooks,
                     KabambeMetrics metrics, Clock clock, Settings settings, ContactLoader contacts) {
    this.contacts = contacts;
    this.vertx = vertx;
    this.flows = flows;
    this.hops = hops;
    this.webhooks = webhooks;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
  }

  /** A renderer and an interpreter paging with it, per gateway screen budget. */
  private record Screens(UssdRenderer renderer, Interpreter interpreter) {}

  private Screens screens(int budget) {
    return screensByBudget.computeIfAbsent(budget, b -> {
      var renderer = new UssdRenderer(UssdBudget.forGateway(b));
      var interpreter = new Interpreter(flows, clock, ArmPicker.seeded(settings.armSeed()),
          (prompt, lang) -> renderer.paginate(prompt, NavLabels.of(flows.catalog().navigation(), lang)).size());
      return new Screens(renderer, interpreter);
    });
  }

  @Override
  public Future<UssdReply> handle(UssdRequest received) {
    long started = System.nanoTime();
    UssdRequest request = withoutNul(received);
    String phone = settings.numbers().key(request.msisdn());
    return hops.<HopOutcome>run(phone, vertx.getOrCreateContext(), state -> decide(decode(state, request), request, phone)
            .map(o -> new SerialHops.Decision<>(o, o.write(), o.state())))
        .map(outcome -> {
          metrics.hop(request.gateway(), outcome.label(), System.nanoTime() - started);
          return outcome.reply();
        })
        .otherwise(e -> {
          if (refusedForDisk(e)) { // DiskReserve logged it once, with what to do: not a line a hop
            metrics.hop(request.gateway(), "error", System.nanoTime() - started);
            return busy();
          }
          // The session id, not the number: numbers are personal data and stay out of logs. The id is the caller's
          // text (escaped and bounded), and a stack trace at most once a minute: a caller must not flood the log.
          long suppressed = hopFailures.full();
          if (suppressed >= 0) {
            log.error("hop failed on {} session {}; replied busy, nothing advanced ({} more since the last trace)",
                request.gateway(), LoggedText.of(request.sessionId()), suppressed, e);
          } else {
            // A database outage fails every hop: one line a second, not one a hop (thousands in seconds).
            long skipped = hopFailureLines.full();
            if (skipped >= 0) {
              log.error("hop failed on {} session {}: {}; replied busy, nothing advanced ({} more in the last "
                  + "second)", request.gateway(), LoggedText.of(request.sessionId()),
                  LoggedText.of(String.valueOf(e)), skipped);
            }
          }
          metrics.hop(request.gateway(), "error", System.nanoTime() - started);
          return busy();
        });
  }

  /** The request with its input cleaned once, here, for every use of it: see {@link TypedText}. */
  private static UssdRequest withoutNul(UssdRequest r) {
    String input = TypedText.withoutNul(r.input());
    return input.equals(r.input()) ? r : new UssdRequest(r.gateway(), r.sessionId(), r.msisdn(), r.serviceCode(),
        r.network(), r.kind(), input, r.cumulative(), r.screenBudget(), r.end(), r.hopId());
  }

  private static boolean refusedForDisk(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DiskLowException) return true;
    }
    return false;
  }

  private UssdReply busy() {
    return UssdReply.endWith(RuntimeTexts.busy(settings.defaultLanguage()));
  }

  private static UssdSession decode(byte[] state, UssdRequest request) {
    if (state.length == 0) return UssdSession.NONE;
    try {
      return UssdSessionCodec.decode(state);
    } catch (RuntimeException e) {
      log.warn("unreadable session state (hop of {} session {}); starting afresh", request.gateway(),
          LoggedText.of(request.sessionId()), e);
      return UssdSession.NONE;
    }
  }

  /**
   * What a hop decided: the reply, the rows to commit before it leaves (none for a retry), and the new stored
   * state; {@code label} names the outcome for metrics.
   */
  private record HopOutcome(UssdReply reply, Optional<HopWrite> write, Optional<byte[]> state, String label) {}

  private Future<HopOutcome> decide(UssdSession s, UssdRequest req, String phone) {
    var rec = new HopRecorder(phone, CHANNEL, clock.instant());
    rec.holdSms(HOLD_SMS); // sent once the session is over: a phone in a USSD session may not show an SMS
    if (req.kind() == UssdRequest.Kind.END) return Future.succeededFuture(networkEnded(s, req, rec));
    if (isRetry(s, req)) {
      return Future.succeededFuture(new HopOutcome(reply(s.lastReply(), s.lastReplyEnds()), Optional.empty(),
          Optional.empty(), "retry"));
    }
    Optional<Conversation> active = s.conversation().filter(c -> !c.ended() && pinnedNodesExist(c));
    boolean sameSession = s.isSession(req.gateway(), req.sessionId());
    // A dial (BEGIN) reusing an old id is a new session where ids are recycled (SMPP's session numbers restart with
    // the process); only Africa's Talking, whose ids are unique, sends a late first hop as BEGIN.
    boolean replaced = s.isReplaced(req.gateway(), req.sessionId())
        && (req.kind() == UssdRequest.Kind.CONTINUE || req.cumulative());
    boolean lateHop = replaced || (req.kind() == UssdRequest.Kind.CONTINUE
        && !req.cumulative() && !sameSession && !s.gatewaySessionId().isEmpty());
    if (lateHop) {
      // A late hop of a session the number has left (a phone has one USSD session at a time: a newer one, maybe
      // on another gateway, superseded it). Taking it for a new dial would abandon the conversation in progress.
      // Over Africa's Talking an unknown session's CONTINUE is also how a dial with pre-filled input arrives, so
      // there only a session the number recently had is late; one never seen is a dial.
      String lang = s.conversation().map(Conversation::language).orElse(settings.defaultLanguage());
      return Future.succeededFuture(new HopOutcome(UssdReply.endWith(RuntimeTexts.sessionOver(lang)),
          Optional.empty(), Optional.empty(), "stale_session"));
    }
    // A closing screen longer than a page is still on screen until its last page closes the session: paging it is
    // part of that session, though the conversation has ended (taken for a dial, "98" would restart the flow).
    Optional<Conversation> onScreen = s.conversation()
        .filter(c -> (!c.ended() || !s.lastReplyEnds()) && pinnedNodesExist(c));
    if (req.kind() == UssdRequest.Kind.CONTINUE && sameSession && onScreen.isPresent()) {
      return continueSession(s, onScreen.get(), req, rec);
    }
    return beginSession(s, active, req, phone, rec);
  }

  /**
   * Whether this hop is a gateway's retry of the hop answered last. A hop number (Hubtel's Sequence, a request id)
   * or a cumulative text (Africa's Talking) or a dial identifies a hop. Without either, the same input twice in a
   * row may be two answers ("1" to one menu, then "1" to the next): only the same input within
   * the retry window of the last reply is taken for a retry (a participant that quick sees the screen again).
   */
  private boolean isRetry(UssdSession s, UssdRequest req) {
    if (!s.isRetryOf(req.gateway(), req.sessionId(), req.input())) return false;
    if (!req.hopId().isEmpty() && !s.lastHopId().isEmpty()) return req.hopId().equals(s.lastHopId());
    if (req.cumulative() || req.kind() == UssdRequest.Kind.BEGIN) return true;
    return clock.instant().isBefore(s.lastHopAt().plus(settings.retryWindow()));
  }

  private HopOutcome networkEnded(UssdSession s, UssdRequest req, HopRecorder rec) {
    Optional<Conversation> c = s.conversation()
        .filter(x -> !s.lastReplyEnds() && s.isSession(req.gateway(), req.sessionId()));
    if (c.isEmpty()) return new HopOutcome(UssdReply.endWith(""), Optional.empty(), Optional.empty(), "network_end");
    // Dropped before an end screen: counted for drop-off; the conversation stays resumable on a re-dial. Dropped
    // while paging a closing screen: the run is complete; only its held SMS are still to release.
    if (!c.get().ended()) {
      rec.record(new HopEvent.SessionDropped(HopRecorder.where(c.get()),
          req.end().map(e -> e.reason().name().toLowerCase()).orElse("")));
    }
    var release = new HopWrite.HeldSmsRelease(c.get().phone(), clock.instant());
    return new HopOutcome(UssdReply.endWith(""), Optional.of(new HopWrite(Optional.empty(), List.of(), rec.events(),
        List.of(), Optional.empty(), Optional.of(release))), Optional.empty(), "network_end");
  }

  private Future<HopOutcome> continueSession(UssdSession s, Conversation c, UssdRequest req, HopRecorder rec) {
    String input = req.cumulative()
        ? CumulativeInput.newInput(s.lastRawInput(), req.input()).orElseGet(() -> lastSegment(req.input()))
        : req.input();
    Screens screens = screens(req.screenBudget());
    if (s.resumeOffered()) {
      if (ResumeOffer.CONTINUE.equals(input.strip())) {
        rec.record(new HopEvent.SessionResumed(HopRecorder.where(c), "continue"));
        Conversation resumed = c.showingPage(0, clock.instant());
        return Future.succeededFuture(settled(s, resumed, resumed.prompt(), req, rec, false));
      }
      if (ResumeOffer.RESTART.equals(input.strip())) {
        rec.record(new HopEvent.SessionAbandoned(HopRecorder.where(c), "start again"));
        Flow flow = flows.current(c.stack().get(0).flowId()).orElse(null);
        if (flow != null) return start(s, flow, List.of(), req, c.phone(), rec);
      }
      return Future.succeededFuture(offer(s, c, req, rec, true));
    }
    return settle(screens.interpreter().reply(c, input), screens.interpreter(), rec)
        .map(r -> settled(s, r.conversation(), r.prompt(), req, rec, false));
  }

  private Future<HopOutcome> beginSession(UssdSession s, Optional<Conversation> active, UssdRequest req, String phone,
                                          HopRecorder rec) {
    var codes = new ArrayList<String>();
    var byCode = new HashMap<String, Flow>();
    for (Flow f : flows.catalog().flows().values()) {
      f.triggers().ussd().forEach(code -> {
        codes.add(code.value());
        byCode.put(code.value(), f);
      });
    }
    boolean inputIsDial = req.input().startsWith("*") || req.input().endsWith("#");
    Optional<DialString> dial = DialString.match(inputIsDial ? req.input() : req.serviceCode(), codes);
    if (dial.isEmpty() && inputIsDial) dial = DialString.match(req.serviceCode(), codes);
    if (dial.isEmpty()) {
      metrics.unknownServiceCode(req.gateway());
      String lang = s.conversation().map(Conversation::language).orElse(settings.defaultLanguage());
      return Future.succeededFuture(new HopOutcome(UssdReply.endWith(RuntimeTexts.unknownCode(lang)), Optional.empty(),
          Optional.empty(), "unknown_code"));
    }
    Flow flow = byCode.get(dial.get().serviceCode());
    List<String> prefilled = new ArrayList<>(dial.get().inputs());
    if (!inputIsDial && !req.input().isEmpty()) {
      // A dial with pre-filled input on a gateway that sends it as the first text (Africa's Talking "1*2").
      prefilled.addAll(req.cumulative() ? List.of(req.input().split("\\*", -1)) : List.of(req.input()));
    }
    if (active.isPresent() && prefilled.isEmpty() && resumable(active.get(), flow)) {
      Conversation c = active.get();
      if (flow.resume() == ResumeMode.ASK) return Future.succeededFuture(offer(s, c, req, rec, false));
      if (flow.resume() == ResumeMode.AUTO) {
        rec.record(new HopEvent.SessionResumed(HopRecorder.where(c), "auto"));
        Conversation resumed = c.showingPage(0, clock.instant());
        return Future.succeededFuture(settled(s, resumed, resumed.prompt(), req, rec, false));
      }
    }
    active.ifPresent(c -> rec.record(new HopEvent.SessionAbandoned(HopRecorder.where(c), "new dial")));
    return start(s, flow, prefilled, req, phone, rec);
  }

  private boolean resumable(Conversation c, Flow dialled) {
    return c.stack().get(0).flowId().equals(dialled.id()) && dialled.resume() != ResumeMode.NEVER
        && c.updatedAt().plus(dialled.resumeWindow()).isAfter(clock.instant());
  }

  private Future<HopOutcome> start(UssdSession s, Flow flow, List<String> inputs, UssdRequest req, String phone,
                                   HopRecorder rec) {
    return Future.fromCompletionStage(contacts.load(phone), vertx.getOrCreateContext())
        .compose(stored -> start(s, flow, stored, inputs, req, phone, rec));
  }

  /** Starts {@code flow}; the language falls back to that of the number's previous conversation in {@code s}. */
  private Future<HopOutcome> start(UssdSession s, Flow flow, Contact stored, List<String> inputs, UssdRequest req,
                                   String phone, HopRecorder rec) {
    Optional<Conversation> previous = s.conversation();
    Interpreter interpreter = screens(req.screenBudget()).interpreter();
    // The stored language (maybe chosen over SMS) when this flow has it, else the last session's, else the flow's.
    String language = stored.language().filter(flow.languages()::contains)
        .or(() -> previous.map(Conversation::language)).orElse(flow.defaultLanguage());
    StepResult first = interpreter.start(flow, phone, Channel.USSD, language, stored.flowValues(language));
    rec.record(new HopEvent.SessionStarted(HopRecorder.startOf(flow), req.gateway()));
    rec.seen();
    Future<StepResult> result = settle(first, interpreter, rec);
    for (String input : inputs) {
      result = result.compose(r -> r.conversation().ended() ? Future.succeededFuture(r)
          : settle(interpreter.reply(r.conversation(), input), interpreter, rec));
    }
    return result.map(r -> settled(s, r.conversation(), r.prompt(), req, rec, false));
  }

  /** Records a step's effects and performs the webhooks it asks for until it shows something. */
  private Future<StepResult> settle(StepResult r, Interpreter interpreter, HopRecorder rec) {
    settings.steps().stepped(r.conversation().phone(), r);
    rec.effects(r.conversation(), r.effects());
    if (r.webhook().isEmpty()) return Future.succeededFuture(r);
    return webhooks.call(r.webhook().get(), settings.webhookBudget())
        .compose(outcome -> settle(interpreter.afterWebhook(r.conversation(), outcome), interpreter, rec));
  }

  private HopOutcome offer(UssdSession s, Conversation c, UssdRequest req, HopRecorder rec, boolean invalid) {
    if (!invalid) rec.record(new HopEvent.ResumeOffered(HopRecorder.where(c)));
    return settled(s, c, ResumeOffer.prompt(c.language(), invalid), req, rec, true);
  }

  /** Renders the screen, builds the stored state (from the previous one, {@code s}) and the rows to commit. */
  private HopOutcome settled(UssdSession s, Conversation c, Prompt prompt, UssdRequest req, HopRecorder rec,
                             boolean resumeOffered) {
    UssdRenderer renderer = screens(req.screenBudget()).renderer();
    List<UssdPage> pages = renderer.paginate(prompt, NavLabels.of(flows.catalog().navigation(), c.language()));
    UssdPage page = pages.get(Math.min(c.page(), pages.size() - 1));
    boolean closes = page.closes();
    if (c.ended() && closes) rec.record(new HopEvent.SessionCompleted(HopRecorder.where(c)));
    var state = new UssdSession(Optional.of(c), req.gateway(), req.sessionId(), req.input(), page.text(), closes,
        resumeOffered, s.recentWith(req.gateway(), req.sessionId()), req.hopId(), clock.instant());
    byte[] bytes = UssdSessionCodec.encode(state);
    Frame root = c.stack().get(0);
    var row = new ConversationRow(c.phone(), CHANNEL, root.flowId(), bytes, c.startedAt(), c.updatedAt(), c.ended());
    Optional<HopWrite.HeldSmsRelease> release = closes
        ? Optional.of(new HopWrite.HeldSmsRelease(c.phone(), clock.instant())) : Optional.empty();
    var write = new HopWrite(Optional.of(row), rec.answers(), rec.events(), rec.outbox(), rec.contactChange(), release);
    return new HopOutcome(reply(page.text(), closes), Optional.of(write), Optional.of(bytes), closes ? "end" : "continue");
  }

  /** After a restart or a reload a pinned version may be gone; a conversation whose node vanished starts over. */
  private boolean pinnedNodesExist(Conversation c) {
    for (Frame f : c.stack()) {
      Optional<Flow> flow = flows.pinned(f.flowId(), f.flowHash());
      if (flow.isEmpty() || flow.get().node(f.nodeId()).isEmpty()) return false;
    }
    return true;
  }

  private static UssdReply reply(String text, boolean ends) {
    return ends ? UssdReply.endWith(text) : UssdReply.continueWith(text);
  }

  private static String lastSegment(String cumulative) {
    int star = cumulative.lastIndexOf('*');
    return star < 0 ? cumulative : cumulative.substring(star + 1);
  }
}
