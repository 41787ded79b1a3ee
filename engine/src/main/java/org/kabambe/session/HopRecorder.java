package org.kabambe.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  public void event(String type, Conversation c, String detail) {
    var f = c.stack().isEmpty() ? null : c.current();
    events.add(new EventRow(at, type, phone, channel, f == null ? "" : f.flowId(), f == null ? "" : f.flowHash(),
        f == null ? "" : f.nodeId(), detail));
  }

  public void event(String type, String flowId, String flowHash, String nodeId, String detail) {
    events.add(new EventRow(at, type, phone, channel, flowId, flowHash, nodeId, detail));
  }

  public void effects(Conversation c, List<Effect> effects) {
    String hash = c.stack().isEmpty() ? "" : c.current().flowHash();
    for (Effect e : effects) {
      if (e instanceof Effect.AnswerGiven a) {
        answers.add(AnswerRow.of(sessionId(c), phone, channel, a.flowId(), hashOf(c, a.flowId(), hash), a.nodeId(),
            a.name(), a.value(), at));
      } else if (e instanceof Effect.NodeShown n) {
        event("node_shown", n.flowId(), hashOf(c, n.flowId(), hash), n.nodeId(), "");
      } else if (e instanceof Effect.FlowStarted s) {
        event("flow_started", s.flowId(), s.flowHash(), "", "version " + s.version());
      } else if (e instanceof Effect.FlowCompleted f) {
        event("flow_completed", f.flowId(), hashOf(c, f.flowId(), hash), f.nodeId(), "");
      } else if (e instanceof Effect.InvalidAnswer i) {
        event("invalid_answer", i.flowId(), hashOf(c, i.flowId(), hash), i.nodeId(), clip(i.input()));
      } else if (e instanceof Effect.ArmAssigned a) {
        event("arm_assigned", a.flowId(), hashOf(c, a.flowId(), hash), a.nodeId(), a.arm() + ":" + a.target());
      } else if (e instanceof Effect.SmsQueued s) {
        outbox.add(new OutboxRow(phone, s.text(), at, OutboxRow.FLOW, at.plus(holdSms)));
      } else if (e instanceof Effect.ExpressionFailed x) {
        event("flow_error", x.flowId(), hashOf(c, x.flowId(), hash), x.nodeId(), clip(x.expression() + ": " + x.error()));
      } else if (e instanceof Effect.ContactUpdated u && u.field().equals(org.kabambe.flow.program.TimeZones.FIELD)
          && org.kabambe.flow.program.TimeZones.zone(u.value()).isEmpty()) { // the scheduler could not use it
        event("flow_error", c, clip("contact." + org.kabambe.flow.program.TimeZones.problem(String.valueOf(u.value()))
            .orElseThrow() + "; not stored"));
      } else if (e instanceof Effect.ContactUpdated u) {
        event("contact_updated", c, u.field() + "=" + clip(String.valueOf(u.value())));
        seen();
        contact = contact.field(u.field(), u.value());
      } else if (e instanceof Effect.LanguageChanged l) {
        event("language_changed", c, l.language());
        seen();
        contact = contact.language(l.language());
      } else if (e instanceof Effect.Subscribed s) {
        event("subscribed", c, s.campaign());
      } else if (e instanceof Effect.Unsubscribed s) {
        event("unsubscribed", c, s.campaign());
      } else if (e instanceof Effect.OptedOut) {
        event("opted_out", c, "");
        seen();
        contact = contact.optedOut(true);
      } else if (e instanceof Effect.OptedIn) {
        event("opted_in", c, "");
        seen();
        contact = contact.optedOut(false);
      } else if (e instanceof Effect.Tagged t) {
        event("tagged", c, t.label());
      }
    }
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
