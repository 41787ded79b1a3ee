package org.kabambe.outbox;

/** Why a message ended failed, as a small closed set a metrics tag can carry. */
public enum FailureCause {
  /** The provider refused it for good. */
  REJECTED,
  /** The recipient had opted out: never sent. */
  OPTED_OUT,
  /** No provider is configured for the number. */
  NO_ROUTE,
  /** The outcome of its submit is unknown and the crash rule said not to resend. */
  OUTCOME_UNKNOWN,
  /** Retried until the attempt limit. */
  GAVE_UP,
  /** The provider accepted it but a receipt said it was not delivered. */
  UNDELIVERED
}
