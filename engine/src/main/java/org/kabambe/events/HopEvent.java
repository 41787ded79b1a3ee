package org.kabambe.events;

import java.time.Instant;
import org.kabambe.store.EventRow;

/**
 * What a hop durably records for the measurements (table {@code events}): one record per kind, carrying the fields
 * that kind has. Written by the USSD and SMS services (and the flow starts of campaigns and broadcasts through the
 * SMS service); read back by type name ({@link EventType}) by the rollup, the live counts and the metrics.
 */
public sealed interface HopEvent {
  EventType type();

  /** Where in a flow it happened ({@link Position#NONE} outside one). */
  Position where();

  /** The kind's own datum, as stored in {@code events.detail}; empty when the kind has none. */
  default String detail() {
    return "";
  }

  /** The stored row, for a hop at {@code at} of {@code phone} on {@code channel}. */
  default EventRow row(Instant at, String phone, String channel) {
    Position p = where();
    return new EventRow(at, type().storedName(), phone, channel, p.flowId(), p.flowHash(), p.nodeId(), detail());
  }

  // ---- sessions (a dialled USSD session, an SMS conversation) ----------------------------------------------------

  /** A session began at the flow's start node; {@code via} is the USSD gateway or why the engine started it. */
  record SessionStarted(Position where, String via) implements HopEvent {
    public EventType type() {
      return EventType.SESSION_STARTED;
    }

    public String detail() {
      return via;
    }
  }

  /** A dropped USSD session was taken up again; {@code how}: {@code continue} (chosen) or {@code auto}. */
  record SessionResumed(Position where, String how) implements HopEvent {
    public EventType type() {
      return EventType.SESSION_RESUMED;
    }

    public String detail() {
      return how;
    }
  }

  /** The participant was asked whether to continue a dropped session. */
  record ResumeOffered(Position where) implements HopEvent {
    public EventType type() {
      return EventType.RESUME_OFFERED;
    }
  }

  /** An unfinished conversation was given up ({@code why}: new dial, start again, stop, new keyword, …). */
  record SessionAbandoned(Position where, String why) implements HopEvent {
    public EventType type() {
      return EventType.SESSION_ABANDONED;
    }

    public String detail() {
      return why;
    }
  }

  /** The network ended a USSD session before an end screen ({@code reason} as the gateway gave it, or empty). */
  record SessionDropped(Position where, String reason) implements HopEvent {
    public EventType type() {
      return EventType.SESSION_DROPPED;
    }

    public String detail() {
      return reason;
    }
  }

  /** An SMS conversation got no reply in time. */
  record SessionExpired(Position where) implements HopEvent {
    public EventType type() {
      return EventType.SESSION_EXPIRED;
    }
  }

  /** A conversation reached its end and its last screen was shown. */
  record SessionCompleted(Position where) implements HopEvent {
    public EventType type() {
      return EventType.SESSION_COMPLETED;
    }
  }

  // ---- flows ---------------------------------------------------------------------------------------------------

  /** A flow started (a called flow too), at its version {@code version}. */
  record FlowStarted(String flowId, String flowHash, int version) implements HopEvent {
    public EventType type() {
      return EventType.FLOW_STARTED;
    }

    public Position where() {
      return new Position(flowId, flowHash, "");
    }

    public String detail() {
      return "version " + version;
    }
  }

  /** A node that shows something was put on screen. */
  record NodeShown(Position where) implements HopEvent {
    public EventType type() {
      return EventType.NODE_SHOWN;
    }
  }

  /** A flow reached an end (at {@code where}'s node). */
  record FlowCompleted(Position where) implements HopEvent {
    public EventType type() {
      return EventType.FLOW_COMPLETED;
    }
  }

  /** An answer the node refused. */
  record InvalidAnswer(Position where, String input) implements HopEvent {
    public EventType type() {
      return EventType.INVALID_ANSWER;
    }

    public String detail() {
      return input;
    }
  }

  /** A random split gave the participant arm {@code arm}, leading to {@code target}. */
  record ArmAssigned(Position where, int arm, String target) implements HopEvent {
    public EventType type() {
      return EventType.ARM_ASSIGNED;
    }

    public String detail() {
      return arm + ":" + target;
    }
  }

  /** Something in the flow failed at run time (an expression, a value that could not be stored). */
  record FlowError(Position where, String message) implements HopEvent {
    public EventType type() {
      return EventType.FLOW_ERROR;
    }

    public String detail() {
      return message;
    }
  }

  // ---- the contact ---------------------------------------------------------------------------------------------

  /** A contact field was set. */
  record ContactUpdated(Position where, String field, String value) implements HopEvent {
    public EventType type() {
      return EventType.CONTACT_UPDATED;
    }

    public String detail() {
      return field + "=" + value;
    }
  }

  record LanguageChanged(Position where, String language) implements HopEvent {
    public EventType type() {
      return EventType.LANGUAGE_CHANGED;
    }

    public String detail() {
      return language;
    }
  }

  /** Joined a campaign (by keyword outside a flow, or by a flow). */
  record Subscribed(Position where, String campaign) implements HopEvent {
    public EventType type() {
      return EventType.SUBSCRIBED;
    }

    public String detail() {
      return campaign;
    }
  }

  record Unsubscribed(Position where, String campaign) implements HopEvent {
    public EventType type() {
      return EventType.UNSUBSCRIBED;
    }

    public String detail() {
      return campaign;
    }
  }

  /** STOP, or a flow's opt-out: every subscription of the number ends. */
  record OptedOut(Position where) implements HopEvent {
    public EventType type() {
      return EventType.OPTED_OUT;
    }
  }

  /** Opted in again; {@code how} says by which keyword, empty for a flow's opt-in or the opt-in keyword. */
  record OptedIn(Position where, String how) implements HopEvent {
    public EventType type() {
      return EventType.OPTED_IN;
    }

    public String detail() {
      return how;
    }
  }

  record Tagged(Position where, String label) implements HopEvent {
    public EventType type() {
      return EventType.TAGGED;
    }

    public String detail() {
      return label;
    }
  }

  // ---- SMS -----------------------------------------------------------------------------------------------------

  /** The one reminder a waiting SMS conversation gets half-way to its timeout. */
  record ReminderSent(Position where) implements HopEvent {
    public EventType type() {
      return EventType.REMINDER_SENT;
    }
  }

  /** An inbound SMS; {@code firstWord} is its first word, clipped (never the whole text). */
  record SmsReceived(Position where, String firstWord) implements HopEvent {
    public EventType type() {
      return EventType.SMS_RECEIVED;
    }

    public String detail() {
      return firstWord;
    }
  }

  /** An SMS from a number that opted out, other than an opt-in: not answered. */
  record SmsIgnoredOptedOut(Position where) implements HopEvent {
    public EventType type() {
      return EventType.SMS_IGNORED_OPTED_OUT;
    }
  }

  /** An SMS that matched no keyword and no waiting conversation. */
  record SmsUnrecognised(Position where) implements HopEvent {
    public EventType type() {
      return EventType.SMS_UNRECOGNISED;
    }
  }

  /** The help keyword. */
  record Help(Position where) implements HopEvent {
    public EventType type() {
      return EventType.HELP;
    }
  }
}
