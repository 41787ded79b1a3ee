package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored form of one conversation: its key, a few columns for queries, and the whole state as bytes, encoded by
 * the channel's service on the caller's thread, so the encoding cost stays off the writer thread.
 */
public record ConversationRow(String phone, String channel, String flowId, byte[] state, Instant startedAt,
                              Instant updatedAt, boolean ended, boolean reminded, long expectedVersion,
                              long version) {
  /** The SMS channel's id ({@code Channel.SMS.id()}): its conversations wait for replies. */
  public static final String SMS_CHANNEL = "sms";
  /**
   * {@link #expectedVersion} of a row written whatever is stored (tests, tools): no version check. Every hop of a
   * running service is {@linkplain #expecting checked} instead.
   */
  public static final long UNCHECKED = Long.MIN_VALUE;
  /** {@link #expectedVersion} of a conversation the hop found absent: it is inserted only if still absent. */
  public static final long ABSENT = -1;

  public ConversationRow {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 0) throw new IllegalArgumentException("a stored version is never negative: " + version);
  }

  /** A row written whatever version is stored ({@link #UNCHECKED}). */
  public ConversationRow(String phone, String channel, String flowId, byte[] state, Instant startedAt,
                         Instant updatedAt, boolean ended, boolean reminded) {
    this(phone, channel, flowId, state, startedAt, updatedAt, ended, reminded, UNCHECKED, 0);
  }

  /** A row whose conversation has not been sent a reminder (all USSD rows). */
  public ConversationRow(String phone, String channel, String flowId, byte[] state, Instant startedAt,
                         Instant updatedAt, boolean ended) {
    this(phone, channel, flowId, state, startedAt, updatedAt, ended, false);
  }

  /**
   * This row, written only if the stored version is still {@code expected} (or, for {@link #ABSENT}, only if no
   * row exists yet), storing {@code next}; otherwise the hop is not written at all (see ConversationMovedException).
   */
  public ConversationRow expecting(long expected, long next) {
    return new ConversationRow(phone, channel, flowId, state, startedAt, updatedAt, ended, reminded, expected, next);
  }

  /** True when the write checks the stored version (every hop of a running service). */
  public boolean checked() {
    return expectedVersion != UNCHECKED;
  }

  /**
   * An SMS conversation waiting for the participant's reply: the only rows the reminder and expiry sweep looks
   * up (by {@code waiting_since}, which is NULL for every other row so that their updates leave its index alone).
   */
  public boolean waitingForReply() {
    return channel.equals(SMS_CHANNEL) && !ended;
  }
}
