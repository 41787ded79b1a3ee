package org.kabambe.connectors.sms;

import java.util.List;

/** What became of one submit: accepted (with the provider's ids, one per part), or why not. */
public sealed interface SubmitResult {
  /** The provider took every part; {@code providerIds} identify them in delivery receipts. */
  record Accepted(List<String> providerIds) implements SubmitResult {
    public Accepted {
      providerIds = List.copyOf(providerIds);
    }
  }

  /** Try again later: throttled (SMPP 0x58), queue full (0x14), not bound, timed out before sending. */
  record Retry(int status, String reason) implements SubmitResult {}

  /** The provider refused the message for good (bad number, barred…); it will never be accepted as is. */
  record Rejected(int status, String reason) implements SubmitResult {}

  /**
   * The submit may or may not have reached the provider (the connection dropped or the response timed out after
   * sending): resending risks a duplicate, not resending risks a loss. The sender decides by its documented rule.
   */
  record Unknown(String reason) implements SubmitResult {}
}
