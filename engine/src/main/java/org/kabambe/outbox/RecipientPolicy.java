package org.kabambe.outbox;

/**
 * Whether a number may be sent to now (not opted out). Called on the sender's worker thread just before a row is
 * claimed, so it may use JDBC; it must not block for long.
 */
@FunctionalInterface
public interface RecipientPolicy {
  boolean maySend(String phone);

  /** Sends to everyone: until contacts and opt-out exist. */
  RecipientPolicy ALLOW_ALL = phone -> true;
}
