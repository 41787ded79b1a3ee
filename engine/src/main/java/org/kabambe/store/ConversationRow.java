package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.session.ConversationCodec;

/**
 * The stored form of one conversation: its key, a few columns for queries, and the whole state as bytes.
 * Build it with {@link #of} on the caller's thread, so the encoding cost stays off the writer thread.
 */
public record ConversationRow(String phone, String channel, String flowId, byte[] state, Instant startedAt,
                              Instant updatedAt, boolean ended, boolean reminded) {
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
    return channel.equals(Channel.SMS.id()) && !ended;
  }

  /** Encodes a conversation for storage. */
  public static ConversationRow of(Conversation c) {
    String flowId = c.stack().isEmpty() ? "" : c.flowId();
    return new ConversationRow(c.phone(), c.channel().id(), flowId, ConversationCodec.encode(c), c.startedAt(),
        c.updatedAt(), c.ended());
  }
}
