package org.kabambe.connectors.ussd;

import java.util.Objects;
import java.util.Optional;

/**
 * One USSD hop as any gateway delivers it, stripped of its wire format.
 *
 * @param gateway the adapter's name, e.g. {@code africastalking}
 * @param sessionId the gateway's session id (unique per gateway, not globally)
 * @param msisdn the participant's number exactly as the gateway sent it (normalising is the engine's job)
 * @param serviceCode the dialled service code, or the configured one, or "" when neither is known
 * @param network the operator or network code, "" when the gateway does not send one
 * @param kind whether this hop opens, continues or closes the session
 * @param input see {@link Kind}: the dial, the new input, or the whole cumulative text
 * @param cumulative true when {@code input} is every input of the session joined by {@code *}
 *     (Africa's Talking): the engine takes the difference from the previous hop's text, because a participant
 *     may type {@code *} themselves
 * @param screenBudget the most characters this gateway shows on one screen (GSM-7; the renderer lowers it for UCS-2)
 * @param end why and how the network closed the session; present exactly when {@code kind} is {@link Kind#END}
 * @param hopId what the gateway numbers this hop with inside its session (Hubtel's {@code Sequence}, the generic
 *     format's {@code requestId}), "" when it sends none: a request with the same id is a retry of the same hop,
 *     one with another id a new hop even when the input is the same
 */
public record UssdRequest(
    String gateway,
    String sessionId,
    String msisdn,
    String serviceCode,
    String network,
    Kind kind,
    String input,
    boolean cumulative,
    int screenBudget,
    Optional<SessionEnd> end,
    String hopId) {

  /** Where a hop sits in its session. */
  public enum Kind {
    /**
     * A new session; {@code input} is whatever came with the dial (Hubtel's whole dialled string, "" for Africa's
     * Talking). Stateless adapters cannot always tell: a CONTINUE for a session the engine has never seen is a
     * dial with pre-filled input (Africa's Talking sends {@code *384*12*1*2#} as text "1*2").
     */
    BEGIN,
    /** The participant answered the previous screen. */
    CONTINUE,
    /** The network closed the session (release, timeout, end-of-session notification); the reply is ignored. */
    END
  }

  /** A hop from a gateway that does not number its hops. */
  public UssdRequest(String gateway, String sessionId, String msisdn, String serviceCode, String network, Kind kind,
                     String input, boolean cumulative, int screenBudget, Optional<SessionEnd> end) {
    this(gateway, sessionId, msisdn, serviceCode, network, kind, input, cumulative, screenBudget, end, "");
  }

  public UssdRequest {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(hopId, "hopId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(msisdn, "msisdn");
    Objects.requireNonNull(serviceCode, "serviceCode");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(end, "end");
    if ((kind == Kind.END) != end.isPresent()) {
      throw new IllegalArgumentException("end details must be present exactly for END hops");
    }
    if (screenBudget <= 0) {
      throw new IllegalArgumentException("screenBudget must be positive: " + screenBudget);
    }
  }
}
