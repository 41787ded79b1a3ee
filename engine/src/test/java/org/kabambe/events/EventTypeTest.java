package org.kabambe.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kabambe.store.EventRow;

/**
 * The hop events' contract with stored data: each kind has one record and one stored name, the names are those
 * released (databases and exports hold them), a name round-trips, and an unknown one is refused by name.
 */
class EventTypeTest {
  /** The names in {@code events.type} of databases already written: never renamed, only added to. */
  static final Set<String> RELEASED = Set.of("session_started", "session_resumed", "resume_offered",
      "session_abandoned", "session_dropped", "session_expired", "session_completed", "flow_started", "node_shown",
      "flow_completed", "invalid_answer", "arm_assigned", "flow_error", "contact_updated", "language_changed",
      "subscribed", "unsubscribed", "opted_out", "opted_in", "tagged", "reminder_sent", "sms_received",
      "sms_ignored_opted_out", "sms_unrecognised", "help");

  @Test
  void everyTypeRoundTripsThroughItsStoredName() {
    for (EventType t : EventType.values()) {
      assertSame(t, EventType.named(t.storedName()), t.name());
      assertEquals(Optional.of(t), EventType.find(t.storedName()), t.name());
    }
  }

  @Test
  void theStoredNamesAreTheReleasedOnes() {
    var names = Arrays.stream(EventType.values()).map(EventType::storedName).toList();
    assertEquals(RELEASED, Set.copyOf(names));
    assertEquals(names.size(), Set.copyOf(names).size(), "two types share a name: " + names);
  }

  @Test
  void anUnknownNameIsRefusedNamingItAndTheKnownOnes() {
    for (String unknown : List.of("session_paused", "Session_Started", "session_started ", "")) {
      var e = assertThrows(IllegalArgumentException.class, () -> EventType.named(unknown));
      assertTrue(e.getMessage().startsWith("unknown event type '" + unknown + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("session_started") && e.getMessage().contains("sms_unrecognised"),
          e.getMessage());
      assertEquals(Optional.empty(), EventType.find(unknown));
    }
    assertThrows(IllegalArgumentException.class, () -> EventType.named(null));
    assertEquals(Optional.empty(), EventType.find(null));
  }

  @Test
  void eachTypeIsMadeByExactlyOneRecord() throws Exception {
    var made = new ArrayList<EventType>();
    for (Class<?> kind : HopEvent.class.getPermittedSubclasses()) made.add(sample(kind).type());
    assertEquals(EnumSet.allOf(EventType.class), EnumSet.copyOf(made));
    assertEquals(EventType.values().length, made.size(), "two records make the same type: " + made);
  }

  /** The details the rollup and exports parse (arms, contact fields) and the flow position keep their format. */
  @Test
  void rowsKeepTheStoredFormat() {
    Instant at = Instant.parse("2026-03-01T08:00:00Z");
    var where = new Position("survey", "a1b2c3d4", "q1");
    assertEquals(new EventRow(at, "flow_started", "+250788000001", "ussd", "survey", "a1b2c3d4", "", "version 3"),
        new HopEvent.FlowStarted("survey", "a1b2c3d4", 3).row(at, "+250788000001", "ussd"));
    assertEquals(new EventRow(at, "arm_assigned", "+250788000001", "sms", "survey", "a1b2c3d4", "q1", "1:q2"),
        new HopEvent.ArmAssigned(where, 1, "q2").row(at, "+250788000001", "sms"));
    assertEquals(new EventRow(at, "contact_updated", "+250788000001", "ussd", "survey", "a1b2c3d4", "q1",
        "district=Gasabo"), new HopEvent.ContactUpdated(where, "district", "Gasabo").row(at, "+250788000001", "ussd"));
    assertEquals(new EventRow(at, "subscribed", "+250788000001", "sms", "", "", "", "climate"),
        new HopEvent.Subscribed(Position.NONE, "climate").row(at, "+250788000001", "sms"));
    assertEquals(new EventRow(at, "opted_out", "+250788000001", "sms", "survey", "a1b2c3d4", "q1", ""),
        new HopEvent.OptedOut(where).row(at, "+250788000001", "sms"));
    assertEquals(new EventRow(at, "session_started", "+250788000001", "ussd", "survey", "a1b2c3d4", "q1", "hubtel"),
        new HopEvent.SessionStarted(where, "hubtel").row(at, "+250788000001", "ussd"));
  }

  /** An instance of record {@code kind} with placeholder values. */
  private static HopEvent sample(Class<?> kind) throws Exception {
    RecordComponent[] parts = kind.getRecordComponents();
    Class<?>[] types = Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Object[] values = Arrays.stream(types).map(t -> t == Position.class ? Position.NONE : t == int.class ? 0 : "x")
        .toArray();
    return (HopEvent) kind.getDeclaredConstructor(types).newInstance(values);
  }
}
