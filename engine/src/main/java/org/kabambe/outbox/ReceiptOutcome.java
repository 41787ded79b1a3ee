package org.kabambe.outbox;

import java.util.Optional;

/** What a receipt did: whether its part was found, and the message's new final status if the receipt settled it. */
record ReceiptOutcome(boolean matched, Optional<OutboxStatus> settled) {
  static final ReceiptOutcome UNMATCHED = new ReceiptOutcome(false, Optional.empty());
}
