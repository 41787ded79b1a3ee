package org.kabambe.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of {@link HopEvent}, each with the name stored in {@code events.type} (and in {@code event_daily},
 * exports and the figures' {@code events} map). The only place those names are spelled: stored databases and
 * exports depend on them, so a name never changes once released.
 */
public enum EventType {
  SESSION_STARTED("session_started"),
  SESSION_RESUMED("session_resumed"),
  RESUME_OFFERED("resume_offered"),
  SESSION_ABANDONED("session_abandoned"),
  SESSION_DROPPED("session_dropped"),
  SESSION_EXPIRED("session_expired"),
  SESSION_COMPLETED("session_completed"),
  FLOW_STARTED("flow_started"),
  NODE_SHOWN("node_shown"),
  FLOW_COMPLETED("flow_completed"),
  INVALID_ANSWER("invalid_answer"),
  ARM_ASSIGNED("arm_assigned"),
  FLOW_ERROR("flow_error"),
  CONTACT_UPDATED("contact_updated"),
  LANGUAGE_CHANGED("language_changed"),
  SUBSCRIBED("subscribed"),
  UNSUBSCRIBED("unsubscribed"),
  OPTED_OUT("opted_out"),
  OPTED_IN("opted_in"),
  TAGGED("tagged"),
  REMINDER_SENT("reminder_sent"),
  SMS_RECEIVED("sms_received"),
  SMS_IGNORED_OPTED_OUT("sms_ignored_opted_out"),
  SMS_UNRECOGNISED("sms_unrecognised"),
  HELP("help");

  private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(EventType::storedName, Function.identity()));

  private final String storedName;

  EventType(String storedName) {
    this.storedName = storedName;
  }

  /** The name in {@code events.type}. */
  public String storedName() {
    return storedName;
  }

  /** The type stored as {@code name}; empty for a name this version does not write (a newer version's, say). */
  public static Optional<EventType> find(String name) {
    return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
  }

  /** The type stored as {@code name}; a name this version does not know is an error that lists the known ones. */
  public static EventType named(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown event type '" + name
        + "'; the event types are " + Arrays.stream(values()).map(EventType::storedName).sorted().toList()));
  }
}
