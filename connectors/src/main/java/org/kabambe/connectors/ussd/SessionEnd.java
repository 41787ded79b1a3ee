package org.kabambe.connectors.ussd;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How the network closed a USSD session, as far as the gateway tells (drop-off analytics read this).
 *
 * @param reason the gateway's status mapped onto a closed set
 * @param status the gateway's own word for it ({@code Success}, {@code Timeout}, ...)
 * @param durationMillis the session's length, when the gateway reports it
 * @param hops how many hops the session had, when the gateway reports it
 * @param errorMessage the gateway's error text, "" when none
 */
public record SessionEnd(
    Reason reason, String status, OptionalLong durationMillis, OptionalInt hops, String errorMessage) {

  /** Why a session ended. */
  public enum Reason {
    /** The flow reached an end screen (Africa's Talking {@code Success}). */
    COMPLETED,
    /** The participant or network left before an end screen (Africa's Talking {@code Incomplete}). */
    INCOMPLETE,
    /** The gateway reports a failure (Africa's Talking {@code Failed}). */
    FAILED,
    /** The session was released (Hubtel {@code Release}). */
    RELEASED,
    /** The participant did not answer in time (Hubtel {@code Timeout}). */
    TIMED_OUT,
    /** A status this adapter does not know; {@code status} carries the word. */
    OTHER
  }

  public SessionEnd {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(durationMillis, "durationMillis");
    Objects.requireNonNull(hops, "hops");
    Objects.requireNonNull(errorMessage, "errorMessage");
  }

  /** An end with nothing but a reason and the gateway's word for it. */
  public static SessionEnd of(Reason reason, String status) {
    return new SessionEnd(reason, status, OptionalLong.empty(), OptionalInt.empty(), "");
  }
}
