package org.kabambe.sms;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.LoggedNumber;
import org.kabambe.contact.ContactStore;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.conversation.ContactLoader;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.conversation.HopRecorder;
import org.kabambe.conversation.SerialHops;
import org.kabambe.conversation.StoredState;
import org.kabambe.events.HopEvent;
import org.kabambe.events.Position;
import org.kabambe.flow.Flow;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.input.TypedText;
import org.kabambe.input.WordFolding;
import org.kabambe.runtime.ArmPicker;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.runtime.Interpreter;
import org.kabambe.runtime.Pager;
import org.kabambe.runtime.SmsRenderer;
import org.kabambe.runtime.StepListener;
import org.kabambe.runtime.StepResult;
import org.kabambe.store.ContactChange;
import org.kabambe.store.ConversationRow;
import org.kabambe.store.HopWrite;
import org.kabambe.store.OutboxRow;
import org.kabambe.webhook.WebhookClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers inbound SMS: STOP, HELP and JOIN work from anywhere; a flow keyword starts its flow; other text answers
 * the conversation waiting for a reply; anything else gets a short help text, never silence. Flows run through
 * the same interpreter as USSD with the SMS renderer (numbered options, answers by number or words). Every reply
 * is an outbox row committed with the conversation's new state before the inbound message is acknowledged.
 */
public final class SmsService {
  private static final Logger log = LoggerFactory.getLogger(SmsService.class);
  static final String CHANNEL = ConversationRow.SMS_CHANNEL;

  /**
   * How long an SMS conversation waits for a reply when its flow does not say (one reminder half-way), and the
   * default language.
   */
  public record Settings(String defaultLanguage, Duration replyTimeout, Duration webhookBudget, long armSeed,
                         PhoneNumbers numbers, StepListener steps) {
    public static final Settings DEFAULT = new Settings("en", Duration.ofHours(24), Duration.ofSeconds(10), 0L,
        PhoneNumbers.INTERNATIONAL);

    /** Telling no one of the steps taken. */
    public Settings(String defaultLanguage, Duration replyTimeout, Duration webhookBudget, long armSeed,
                    PhoneNumbers numbers) {
      this(defaultLanguage, replyTimeout, webhookBudget, armSeed, numbers, StepListener.NONE);
    }
  }

  private final FlowRegistry flows;
  private final SerialHops hops;
  private final WebhookClient webhooks;
  private final Clock clock;
  private final Settings settings;
  private final Context context;
  private final Interpreter interpreter;
  private final SmsRenderer renderer = new SmsRenderer();
  private final ContactLoader contacts;
  private final ReplyTimeouts replyTimeouts;

  /** Without stored contacts: flows see only the number and language (tests of the SMS logic alone). */
  public SmsService(Context context, FlowRegistry flows, SerialHops hops, WebhookClient webhooks, Clock clock,
                    Settings settings) {
    this(context, flows, hops, webhooks, clock, settings, ContactLoader.NONE);
  }

  /** {@code contacts} reads the stored contact when a flow starts, for {@code contact.*}. */
  public SmsService(Context context, FlowRegistry flows, SerialHops hops, WebhookClient webhooks, Clock clock,
                    Settings settings, ContactLoader contacts) {
    this.contacts = contacts;
    this.context = context;
    this.flows = flows;
    this.hops = hops;
    this.webhooks = webhooks;
    this.clock = clock;
    this.settings = settings;
    this.replyTimeouts = new ReplyTimeouts(flows::catalog, settings.replyTimeout());
    this.interpreter = new Interpreter(flows, clock, ArmPicker.seeded(settings.armSeed()), Pager.SINGLE_PAGE);
  }

  /** Handles one inbound message; completes once its effects are durable (the SMSC may then be acknowledged). */
  public CompletionStage<Void> inbound(InboundSms received) {
    InboundSms message = new InboundSms(received.provider(), received.from(), received.to(),
        TypedText.withoutNul(received.text()), received.providerId(), received.receivedAt()); // see TypedText
    String phone = settings.numbers().key(message.from());
    return hops.<Void>run(phone, context, state -> decide(SmsParticipant.decode(state), message, phone))
        .onFailure(e -> log.error("inbound SMS from {} could not be handled; not acknowledged",
            LoggedNumber.of(phone), e))
        .toCompletionStage();
  }

  /**
   * Starts {@code flow} for a number on the engine's initiative (a campaign step, a broadcast): its first message is
   * sent, and the number's replies then answer it. {@code recorded} is the pending {@code flow_starts} row that
   * owes this start: the hop settles it in its own transaction (started, or skipped for a number that opted out),
   * and fails if it was settled already, so a start is made once. A waiting conversation is abandoned.
   */
  public CompletionStage<Void> startFlow(long recorded, String phone, Flow flow, String why) {
    // On the stored state: an opt-out seen only by another node must skip the start (which writes no conversation).
    return hops.<Void>runOnStored(phone, context, state -> {
      SmsParticipant p = SmsParticipant.decode(state);
      if (p.optedOut()) {
        var skipped = new HopWrite(Optional.empty(), List.of(), List.of(), List.of())
            .settling(new HopWrite.FlowStartDone(recorded, false, "opted out", clock.instant()));
        return Future.succeededFuture(new SerialHops.Decision<Void>(null, Optional.of(skipped), Optional.empty()));
      }
      var out = new Outcome(phone, clock);
      out.contact = null; // the engine's doing: the contact was not seen
      out.settles = Optional.of(new HopWrite.FlowStartDone(recorded, true, null, clock.instant()));
      Optional<Conversation> waiting = p.conversation().filter(c -> !c.ended() && !expired(c));
      waiting.ifPresent(c -> out.record(new HopEvent.SessionAbandoned(HopRecorder.where(c), why)));
      out.record(new HopEvent.SessionStarted(HopRecorder.startOf(flow), why));
      String flowLang = p.language().isEmpty() ? flow.defaultLanguage() : p.language();
      return Future.fromCompletionStage(contacts.load(phone), context)
          .compose(stored -> settle(interpreter.start(flow, phone, Channel.SMS, flowLang,
              stored.flowValues(flowLang)), out))
          .map(r -> finish(p, r, out));
    }).toCompletionStage();
  }

  /**
   * Checks one number's waiting conversation against the reply timeout: half-way, one reminder (the question
   * again); past the timeout, the conversation expires. Serialised with the number's messages.
   */
  public Future<Void> tick(String phone) {
    // On the stored state: this node's cache may miss a conversation another node left waiting, and do nothing.
    return hops.<Void>runOnStored(phone, context, state -> {
      SmsParticipant p = SmsParticipant.decode(state);
      Optional<Conversation> waiting = p.conversation().filter(c -> !c.ended());
      if (waiting.isEmpty()) return Future.succeededFuture(SerialHops.Decision.readOnly(null));
      Conversation c = waiting.get();
      var out = new Outcome(phone, clock);
      out.contact = null; // the job's own doing: the contact was not seen
      if (expired(c)) {
        out.record(new HopEvent.SessionExpired(where(waiting)));
        return Future.succeededFuture(out.decision(p, ended(waiting)));
      }
      boolean due = c.updatedAt().plus(replyTimeout(c).dividedBy(2)).isBefore(clock.instant());
      if (!due || p.reminded() || p.optedOut()) return Future.succeededFuture(SerialHops.Decision.readOnly(null));
      out.record(new HopEvent.ReminderSent(where(waiting)));
      String lang = c.language();
      out.flow(SystemTexts.reminder(lang));
      for (String text : renderer.render(c.prompt())) out.flow(text);
      return Future.succeededFuture(out.decision(p.markReminded(), Optional.empty()));
    });
  }

  /**
   * Loads a number's state for the cache: its stored SMS state, with opt-out and language from the contacts
   * table (another channel may have changed them). Blocking JDBC: runs on the cache's loader pool.
   */
  public static Function<String, StoredState> loader(
      ConversationStore conversations, ContactStore contacts) {
    return phone -> {
      StoredState row = conversations.loadStored(phone, CHANNEL);
      SmsParticipant stored = row == StoredState.NONE ? SmsParticipant.NEW : SmsParticipant.decode(row.state());
      var contact = contacts.state(phone);
      // The version is the conversation row's: the contact's columns are written as changes, not checked.
      return row.withState(new SmsParticipant(contact.optedOut(), contact.language().orElse(stored.language()),
          stored.conversation(), stored.reminded()).encode());
    };
  }

  private Future<SerialHops.Decision<Void>> decide(SmsParticipant p, InboundSms m, String phone) {
    Catalog catalog = flows.catalog();
    var out = new Outcome(phone, clock);
    Optional<Conversation> waiting = p.conversation().filter(c -> !c.ended() && !expired(c));
    String lang = p.language().isEmpty() ? settings.defaultLanguage() : p.language();
    InboundRoute route = KeywordRouter.route(m.text(), catalog, waiting, List.of(lang, settings.defaultLanguage()));
    out.record(new HopEvent.SmsReceived(where(waiting), first(m.text())));
    if (route instanceof InboundRoute.Global g) return Future.succeededFuture(global(g, p, waiting, catalog, out));
    if (route instanceof InboundRoute.CampaignKeyword k) {
      String id = k.campaign().id();
      if (k.join()) {
        if (p.optedOut()) { // texting a join keyword is asking for these messages: it opts back in
          out.record(new HopEvent.OptedIn(where(waiting), "campaign keyword"));
          out.contact = out.contact.optedOut(false);
        }
        out.record(new HopEvent.Subscribed(Position.NONE, id));
        out.system(SystemTexts.subscribed(lang, k.campaign(), catalog));
        return Future.succeededFuture(out.decision(p.optedOut(false), Optional.empty()));
      }
      out.record(new HopEvent.Unsubscribed(Position.NONE, id));
      out.system(SystemTexts.unsubscribed(lang, k.campaign()));
      return Future.succeededFuture(out.decision(p, Optional.empty()));
    }
    if (route instanceof InboundRoute.StartFlow s) {
      if (p.optedOut()) { // texting a flow's keyword is asking for its messages: it opts back in
        out.record(new HopEvent.OptedIn(where(waiting), "flow keyword"));
        out.contact = out.contact.optedOut(false);
      }
      SmsParticipant joined = p.optedOut(false);
      waiting.ifPresent(c -> out.record(new HopEvent.SessionAbandoned(HopRecorder.where(c), "new keyword")));
      out.record(new HopEvent.SessionStarted(HopRecorder.startOf(s.flow()), ""));
      String flowLang = joined.language().isEmpty() ? s.flow().defaultLanguage() : joined.language();
      return Future.fromCompletionStage(contacts.load(phone), context)
          .compose(stored -> settle(interpreter.start(s.flow(), phone, Channel.SMS, flowLang,
              stored.flowValues(flowLang)), out))
          .map(r -> finish(joined, r, out));
    }
    if (route instanceof InboundRoute.Reply && !p.optedOut()) {
      return settle(interpreter.reply(waiting.get(), m.text()), out).map(r -> finish(p, r, out));
    }
    if (p.optedOut()) { // an opted-out number gets nothing but what it explicitly asks for
      out.record(new HopEvent.SmsIgnoredOptedOut(where(waiting)));
      return Future.succeededFuture(out.decision(p, Optional.empty()));
    }
    out.record(new HopEvent.SmsUnrecognised(where(waiting)));
    out.system(SystemTexts.help(lang, catalog));
    return Future.succeededFuture(out.decision(p, Optional.empty()));
  }

  private SerialHops.Decision<Void> global(InboundRoute.Global g, SmsParticipant p, Optional<Conversation> waiting,
                                           Catalog catalog, Outcome out) {
    String lang = p.language().isEmpty() ? g.language() : p.language();
    switch (g.purpose()) {
      case STOP -> {
        // Always works: opted out durably, one confirmation, the waiting conversation closed.
        out.record(new HopEvent.OptedOut(where(waiting)));
        waiting.ifPresent(c -> out.record(new HopEvent.SessionAbandoned(HopRecorder.where(c), "stop")));
        out.contact = out.contact.optedOut(true);
        out.system(SystemTexts.stopped(lang, catalog));
        SmsParticipant stopped = p.optedOut(true).with(Optional.empty());
        return out.decision(stopped, ended(waiting));
      }
      case JOIN -> {
        out.record(new HopEvent.OptedIn(where(waiting), ""));
        out.contact = out.contact.optedOut(false);
        out.system(SystemTexts.joined(lang, catalog));
        return out.decision(p.optedOut(false), Optional.empty());
      }
      default -> { // HELP answers without changing state
        out.record(new HopEvent.Help(where(waiting)));
        out.system(SystemTexts.help(lang, catalog));
        return out.decision(p, Optional.empty());
      }
    }
  }

  /** A stopped or expired conversation is stored as ended so it is neither resumed nor reminded. */
  private Optional<Conversation> ended(Optional<Conversation> waiting) {
    return waiting.map(c -> c.endedAt(clock.instant()));
  }

  private boolean expired(Conversation c) {
    return c.updatedAt().plus(replyTimeout(c)).isBefore(clock.instant());
  }

  /** The conversation's flow's reply timeout, else the deployment's (see {@link ReplyTimeouts}). */
  private Duration replyTimeout(Conversation c) {
    return replyTimeouts.of(c.stack().get(0).flowId());
  }

  private Future<StepResult> settle(StepResult r, Outcome out) {
    settings.steps().stepped(out.phone, r);
    out.effects(r);
    if (r.webhook().isEmpty()) return Future.succeededFuture(r);
    return webhooks.call(r.webhook().get(), settings.webhookBudget())
        .compose(o -> settle(interpreter.afterWebhook(r.conversation(), o), out));
  }

  private SerialHops.Decision<Void> finish(SmsParticipant p, StepResult r, Outcome out) {
    Conversation c = r.conversation();
    for (String text : renderer.render(r.prompt())) out.flow(text);
    if (c.ended()) out.record(new HopEvent.SessionCompleted(HopRecorder.where(c)));
    return out.decision(p.language(c.language()), Optional.of(c));
  }

  /** The conversation in a stored SMS state ({@code conversations.state} of the sms channel), if any. */
  public static Optional<Conversation> conversationIn(byte[] state) {
    return SmsParticipant.decode(state).conversation();
  }

  /** Where the waiting conversation is; {@link Position#NONE} when none waits. */
  private static Position where(Optional<Conversation> waiting) {
    return waiting.map(HopRecorder::where).orElse(Position.NONE);
  }

  private static String first(String text) {
    String w = WordFolding.firstWord(text);
    return w.length() <= 20 ? w : w.substring(0, 20);
  }

  /** The rows one inbound message produces, and the participant's next state. */
  private static final class Outcome {
    final HopRecorder rec;
    final String phone;
    final Clock clock;
    ContactChange contact;
    /** The recorded flow start this hop settles, if any. */
    Optional<HopWrite.FlowStartDone> settles = Optional.empty();

    Outcome(String phone, Clock clock) {
      this.phone = phone;
      this.clock = clock;
      this.rec = new HopRecorder(phone, CHANNEL, clock.instant());
      this.contact = ContactChange.seen(phone, clock.instant());
    }

    void record(HopEvent e) {
      rec.record(e);
    }

    void effects(StepResult r) {
      rec.effects(r.conversation(), r.effects());
      // contact is null on the engine's initiative (a recorded flow start): the flow's own change alone then
      rec.contactChange().ifPresent(ch -> contact = contact == null ? ch : contact.then(ch));
    }

    void system(String text) {
      rec.outbox().add(new OutboxRow(phone, text, clock.instant(), OutboxRow.SYSTEM));
    }

    void flow(String text) {
      rec.outbox().add(new OutboxRow(phone, text, clock.instant(), OutboxRow.FLOW));
    }

    SerialHops.Decision<Void> decision(SmsParticipant next, Optional<Conversation> conversation) {
      SmsParticipant withConversation = conversation.isPresent() ? next.with(conversation) : next;
      SmsParticipant state = Optional.ofNullable(contact).flatMap(ContactChange::language)
          .map(withConversation::language).orElse(withConversation);
      Optional<ConversationRow> row = state.conversation().map(c -> new ConversationRow(phone, CHANNEL,
          c.stack().get(0).flowId(), state.encode(), c.startedAt(), c.updatedAt(), c.ended(), state.reminded()));
      if (row.isEmpty()) {
        // No conversation to store: keep the participant's state in a row of its own so the cache can reload it.
        row = Optional.of(new ConversationRow(phone, CHANNEL, "", state.encode(), clock.instant(), clock.instant(),
            true));
      }
      var write = new HopWrite(row, rec.answers(), rec.events(), List.copyOf(rec.outbox()),
          Optional.ofNullable(contact), Optional.empty(), settles);
      return new SerialHops.Decision<>(null, Optional.of(write), Optional.of(state.encode()));
    }
  }
}
