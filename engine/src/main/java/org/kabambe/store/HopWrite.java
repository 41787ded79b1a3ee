package org.kabambe.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one hop must make durable before its reply leaves: the conversation's new state (absent when the
 * hop changed none) and the answer, event and outbox rows it produced. Written atomically with its batch.
 */
public record HopWrite(Optional<ConversationRow> conversation, List<AnswerRow> answers, List<EventRow> events,
                       List<OutboxRow> outbox, Optional<ContactChange> contact, Optional<HeldSmsRelease> release,
                       Optional<FlowStartDone> flowStart) {
  public HopWrite {
    answers = List.copyOf(answers);
    events = List.copyOf(events);
    outbox = List.copyOf(outbox);
  }

  /** A hop that settles no recorded flow start. */
  public HopWrite(Optional<ConversationRow> conversation, List<AnswerRow> answers, List<EventRow> events,
                  List<OutboxRow> outbox, Optional<ContactChange> contact, Optional<HeldSmsRelease> release) {
    this(conversation, answers, events, outbox, contact, release, Optional.empty());
  }

  /** A hop that changes nothing about the contact. */
  public HopWrite(Optional<ConversationRow> conversation, List<AnswerRow> answers, List<EventRow> events,
                  List<OutboxRow> outbox) {
    this(conversation, answers, events, outbox, Optional.empty(), Optional.empty());
  }

  /** A hop that releases no held SMS. */
  public HopWrite(Optional<ConversationRow> conversation, List<AnswerRow> answers, List<EventRow> events,
                  List<OutboxRow> outbox, Optional<ContactChange> contact) {
    this(conversation, answers, events, outbox, contact, Optional.empty());
  }

  /**
   * SMS a USSD session queued are held while the session lasts (a phone busy with USSD may not show them); the
   * hop that ends the session releases them: they become due at {@code at}.
   */
  public record HeldSmsRelease(String phone, Instant at) {}

  /**
   * Settles a pending {@code flow_starts} row in the hop's transaction: {@code started} (the hop made the flow's
   * first SMS and state) or skipped with the reason. The write fails, and with it the hop, if the row is no longer
   * pending: a start is made once, whoever else tried.
   */
  public record FlowStartDone(long id, boolean started, String detail, Instant at) {}

  /** This hop, also settling a recorded flow start. */
  public HopWrite settling(FlowStartDone done) {
    return new HopWrite(conversation, answers, events, outbox, contact, release, Optional.of(done));
  }

  public static HopWrite of(ConversationRow conversation, List<AnswerRow> answers, List<EventRow> events,
                            List<OutboxRow> outbox) {
    return new HopWrite(Optional.of(conversation), answers, events, outbox);
  }

  /** How many rows this hop writes. */
  public int rowCount() {
    return conversation.map(c -> 1).orElse(0) + answers.size() + events.size() + outbox.size()
        + contact.map(c -> 1).orElse(0) + release.map(r -> 1).orElse(0) + flowStart.map(f -> 1).orElse(0);
  }
}
