package org.kabambe.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kabambe.events.HopEvent;
import org.kabambe.events.Position;
import org.kabambe.flow.Flow;
import org.kabambe.flow.settings.TimeZones;
import org.kabambe.runtime.Conversation;
import org.kabambe.runtime.Effect;
import org.kabambe.store.AnswerRow;
import org.kabambe.store.ContactChange;
import org.kabambe.store.EventRow;
import org.kabambe.store.OutboxRow;

/**
 * Turns a hop's effects into the rows that must be durable with it: answers (the flow results), analytics
 * events (session started, node shown, completed, abandoned, resumed…) and queued SMS. Kept small on purpose:
 * the rows written per hop are the main cost of durability.
 */
public final class HopRecorder {
  private final String phone;
  private final String channel;
  private final Instant at;
  private final List<AnswerRow> answers = new ArrayList<>(1);
  private final List<EventRow> events = new ArrayList<>(2);
  private final List<OutboxRow> outbox = new ArrayList<>(0);
  /** Set when the hop changes the contact (first contact, language, opt-out, fields); most hops leave it empty. */
  private ContactChange contact;

  private Duration holdSms = Duration.ZERO;

  public HopRecorder(String phone, String channel, Instant at) {
    this.phone = phone;
    this.channel = channel;
    this.at = at;
  }

  /** SMS queued by this hop wait this long unless a later hop releases them (USSD sessions hold their SMS). */
  public void holdSms(Duration hold) {
    this.holdSms = hold;
  }

  /** Marks the contact as seen (created on first contact), keeping any change already recorded. */
  public void seen() {
    if (contact == null) contact = ContactChange.seen(phone, at);
  }

  public Optional<ContactChange> contactChange() {
    return Optional.ofNullable(contact);
  }

  public List<AnswerRow> answers() {
    return answers;
  }

  public List<EventRow> events() {
    return events;
  }

  /** Queued SMS; callers may add their own (system replies). */
  public List<OutboxRow> outbox() {
    return outbox;
  }

  /** A conversation's id in the answers table: the number and the moment it started. */
  static String sessionId(Conversation c) {
    return c.phone() + "@" + c.startedAt().toEpochMilli();
  }

  /** Records {@code e} as one of this hop's rows. */
  public void record(HopEvent e) {
    events.add(e.row(at, phone, channel));
  }

  /** Where {@code c} is: its current flow and node, or {@link Position#NONE} once its stack is empty. */
  public static Position where(Conversation c) {
    if (c.stack().isEmpty()) return Position.NONE;
    var f = c.current();
    return new Position(f.flowId(), f.flowHash(), f.nodeId());
  }

  /** The start of {@code flow}'s current version: where a session of it starts. */
  public static Position startOf(Flow flow) {
    return new Position(flow.id(), flow.contentHash(), flow.start().node());
  }

  public void effects(Conversation c, List<Effect> effects) {
    String hash = c.stack().isEmpty() ? "" : c.current().flowHash();
    for (Effect e : effects) {
      if (e instanceof Effect.AnswerGiven a) {
        answers.add(AnswerRow.of(sessionId(c), phone, channel, a.flowId(), hashOf(c, a.flowId(), hash), a.nodeId(),
            a.name(), a.value(), at));
      } else if (e instanceof Effect.NodeShown n) {
        record(new HopEvent.NodeShown(node(c, n.flowId(), n.nodeId(), hash)));
      } else if (e instanceof Effect.FlowStarted s) {
        record(new HopEvent.FlowStarted(s.flowId(), s.flowHash(), s.version()));
      } else if (e instanceof Effect.FlowCompleted f) {
        record(new HopEvent.FlowCompleted(node(c, f.flowId(), f.nodeId(), hash)));
      } else if (e instanceof Effect.InvalidAnswer i) {
        record(new HopEvent.InvalidAnswer(node(c, i.flowId(), i.nodeId(), hash), clip(i.input())));
      } else if (e instanceof Effect.ArmAssigned a) {
        record(new HopEvent.ArmAssigned(node(c, a.flowId(), a.nodeId(), hash), a.arm(), a.target()));
      } else if (e instanceof Effect.SmsQueued s) {
        outbox.add(new OutboxRow(phone, s.text(), at, OutboxRow.FLOW, at.plus(holdSms)));
      } else if (e instanceof Effect.ExpressionFailed x) {
        record(new HopEvent.FlowError(node(c, x.flowId(), x.nodeId(), hash),
            clip(x.expression() + ": " + x.error())));
      } else if (e instanceof Effect.ContactUpdated u && u.field().equals(TimeZones.FIELD)
          && TimeZones.zone(u.value()).isEmpty()) { // the scheduler could not use it
        record(new HopEvent.FlowError(where(c), clip("contact." + TimeZones.problem(
            String.valueOf(u.value())).orElseThrow() + "; not stored")));
      } else if (e instanceof Effect.ContactUpdated u) {
        record(new HopEvent.ContactUpdated(where(c), u.field(), clip(String.valueOf(u.value()))));
        seen();
        contact = contact.field(u.field(), u.value());
      } else if (e instanceof Effect.LanguageChanged l) {
        record(new HopEvent.LanguageChanged(where(c), l.language()));
        seen();
        contact = contact.language(l.language());
      } else if (e instanceof Effect.Subscribed s) {
        record(new HopEvent.Subscribed(where(c), s.campaign()));
      } else if (e instanceof Effect.Unsubscribed s) {
        record(new HopEvent.Unsubscribed(where(c), s.campaign()));
      } else if (e instanceof Effect.OptedOut) {
        record(new HopEvent.OptedOut(where(c)));
        seen();
        contact = contact.optedOut(true);
      } else if (e instanceof Effect.OptedIn) {
        record(new HopEvent.OptedIn(where(c), ""));
        seen();
        contact = contact.optedOut(false);
      } else if (e instanceof Effect.Tagged t) {
        record(new HopEvent.Tagged(where(c), t.label()));
      }
    }
  }

  /** A node of {@code flowId} at the version on {@code c}'s stack (see {@link #hashOf}). */
  private static Position node(Conversation c, String flowId, String nodeId, String fallback) {
    return new Position(flowId, hashOf(c, flowId, fallback), nodeId);
  }

  /** The hash of the flow's frame on the stack (effects of a called flow carry the callee's id). */
  private static String hashOf(Conversation c, String flowId, String fallback) {
    for (var f : c.stack()) {
      if (f.flowId().equals(flowId)) return f.flowHash();
    }
    return fallback;
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200);
  }
}
