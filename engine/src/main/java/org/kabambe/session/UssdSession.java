package org.kabambe.session;

import java.util.Optional;
import org.kabambe.runtime.Conversation;

/**
 * What the USSD service keeps per phone number between hops: the conversation, and what it needs to tell a new
 * hop from a retry and a resumed session from a new one.
 *
 * @param gateway          the gateway of the last hop
 * @param gatewaySessionId the gateway's session id of the last hop
 * @param lastRawInput     the last hop's input as the gateway sent it (cumulative formats: the whole text)
 * @param lastReply        the last screen sent, returned as is when the gateway retries the same hop
 * @param lastReplyEnds    whether that screen closed the session
 * @param resumeOffered    the last screen asked "Continue / Start again"; the next input answers it
 */
public record UssdSession(Optional<Conversation> conversation, String gateway, String gatewaySessionId,
                          String lastRawInput, String lastReply, boolean lastReplyEnds, boolean resumeOffered) {
  public static final UssdSession NONE = new UssdSession(Optional.empty(), "", "", "", "", false, false);

  /** Whether this hop is the one answered last (same gateway session, same input): a gateway retry. */
  public boolean isRetryOf(String gatewayName, String sessionId, String rawInput) {
    return !lastReply.isEmpty() && gateway.equals(gatewayName) && gatewaySessionId.equals(sessionId)
        && lastRawInput.equals(rawInput);
  }

  /** Whether this gateway session is the one in progress. */
  public boolean isSession(String gatewayName, String sessionId) {
    return gateway.equals(gatewayName) && gatewaySessionId.equals(sessionId);
  }
}
