package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kabambe.events.EventType;

/**
 * The hop writer applies campaign subscriptions from the hop's events by their stored names; {@code store} cannot
 * import {@link EventType} (which builds store rows), so the names it spells must stay those of the event types.
 */
class SubscriptionEventNamesTest {
  @Test
  void theWriterReadsTheEventTypesNames() {
    assertEquals(EventType.SUBSCRIBED.storedName(), SubscriptionStatements.SUBSCRIBED);
    assertEquals(EventType.UNSUBSCRIBED.storedName(), SubscriptionStatements.UNSUBSCRIBED);
    assertEquals(EventType.OPTED_OUT.storedName(), SubscriptionStatements.OPTED_OUT);
  }
}
