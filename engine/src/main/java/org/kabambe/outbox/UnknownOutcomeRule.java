package org.kabambe.outbox;

/**
 * What to do with a message whose submit may or may not have reached the provider (a crash between claim and
 * result, or a lost response).
 */
public enum UnknownOutcomeRule {
  /** Mark it failed: a participant never receives a message twice (and may, rarely, not receive it). The default. */
  AT_MOST_ONCE,
  /** Queue it again with backoff: nothing is lost (and a participant may, rarely, receive it twice). */
  AT_LEAST_ONCE
}
