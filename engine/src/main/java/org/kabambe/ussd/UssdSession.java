package org.kabambe.ussd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.kabambe.runtime.Conversation;

/**
 * What the USSD service keeps per phone number between hops: the conversation, and what it needs to tell a new
 * hop from a retry, a late hop of a replaced session from a new dial, and a resumed session from a new one.
 *
 * @param gateway          the gateway of the last hop
 * @param gatewaySessionId the gateway's session id of the last hop
 * @param lastRawInput     the last hop's input as the gateway sent it (cumulative formats: the whole text)
 * @param lastReply        the last screen sent, returned as is when the gateway retries the same hop
 * @param lastReplyEnds    whether that screen closed the session
 * @param resumeOffered    the last screen asked "Continue / Start again"; the next input answers it
 * @param recentSessions   4-byte hashes of the number's last {@link #RECENT_SESSIONS} gateway sessions, the
 *                         current one last: a hop of one of the others is a late hop of a replaced session
 * @param lastHopId        the gateway's number for the last hop ({@code UssdRequest.hopId}), "" when it sent none
 * @param lastHopAt        when the last hop was answered: for gateways that neither number their hops nor send
 *                         cumulative text, the same input soon after is taken for a retry
 */
public record UssdSession(Optional<Conversation> conversation, String gateway, String gatewaySessionId,
                          String lastRawInput, String lastReply, boolean lastReplyEnds, boolean resumeOffered,
                          List<Integer> recentSessions, String lastHopId, Instant lastHopAt) {
  public static final UssdSession NONE = new UssdSession(Optional.empty(), "", "", "", "", false, false, List.of(),
      "", Instant.EPOCH);
  /** Enough for the late hops a gateway still delivers after a few quick re-dials; small enough to store per number. */
  static final int RECENT_SESSIONS = 8;

  public UssdSession {
    recentSessions = List.copyOf(recentSessions);
  }

  /** Whether this hop is the one answered last (same gateway session, same input): a gateway retry. */
  public boolean isRetryOf(String gatewayName, String sessionId, String rawInput) {
    return !lastReply.isEmpty() && gateway.equals(gatewayName) && gatewaySessionId.equals(sessionId)
        && lastRawInput.equals(rawInput);
  }

  /** Whether this gateway session is the one in progress. */
  public boolean isSession(String gatewayName, String sessionId) {
    return gateway.equals(gatewayName) && gatewaySessionId.equals(sessionId);
  }

  /**
   * Whether this gateway session is one the number had recently but has since left: its hops are late. A session
   * id never seen is not (over Africa's Talking it may be a new dial with pre-filled input).
   */
  public boolean isReplaced(String gatewayName, String sessionId) {
    return !isSession(gatewayName, sessionId) && recentSessions.contains(hash(gatewayName, sessionId));
  }

  /** The recent sessions once this one is the current one: moved last, the oldest dropped beyond the bound. */
  public List<Integer> recentWith(String gatewayName, String sessionId) {
    Integer h = hash(gatewayName, sessionId);
    var list = new ArrayList<>(recentSessions);
    list.remove(h);
    list.add(h);
    return List.copyOf(list.subList(Math.max(0, list.size() - RECENT_SESSIONS), list.size()));
  }

  /** Four bytes per session: a collision only makes a brand-new session look late once in about 500 million. */
  static int hash(String gatewayName, String sessionId) {
    var crc = new CRC32();
    crc.update((gatewayName + "\n" + sessionId).getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }
}
