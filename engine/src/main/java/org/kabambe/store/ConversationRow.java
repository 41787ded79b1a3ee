package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored form of one conversation: its key, a few columns for queries, and the whole state as bytes, encoded by
 * the channel's service on the caller's thread, so the encoding cost stays off the writer thread.
 */
public record ConversationRow(String phone, String channel, String flowId, byte[] state, Instant startedAt,
                              Instant updatedAt, boolean ended, boolean reminded) {
  /** The SMS channel's id ({@code Channel.SMS.id()}): its conversations wait for replies. */
  public static final String SMS_CHANNEL = "sms";

  public ConversationRow {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A row whose conversation has not been sent a reminder (all USSD rows). */
  public ConversationRow(String phone, String channel, String flowId, byte[] state, Instant startedAt,
                         Instant updatedAt, boolean ended) {
    this(phone, channel, flowId, state, startedAt, updatedAt, ended, false);
  }

  /**
   * An SMS conversation waiting for the participant's reply: the only rows the reminder and expiry sweep looks
   * up (by {@code waiting_since}, which is NULL for every other row so that their updates leave its index alone).
   */
  public boolean waitingForReply() {
    return channel.equals(SMS_CHANNEL) && !ended;
  }
}
