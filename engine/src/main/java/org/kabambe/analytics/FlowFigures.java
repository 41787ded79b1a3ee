package org.kabambe.analytics;

import java.util.Map;
import java.util.OptionalDouble;
import org.kabambe.events.EventType;

/**
 * Reach and engagement of one flow over a period.
 *
 * @param participants      distinct numbers that started the flow
 * @param runs              runs of the flow started (a called flow's runs included)
 * @param sessions          sessions started with this flow (dialled or texted; called flows have none)
 * @param completed         runs that reached an end
 * @param left              runs that ended elsewhere (abandoned, expired, dropped, or silent for a day)
 * @param open              runs still in progress
 * @param medianSecondsToComplete from the run's start to its end, over completed runs
 * @param events            the period's event counts by type (session_resumed, opted_out, invalid_answer, ...)
 * @param smsQuestions      SMS questions sent: runs on SMS that reached a menu or question
 * @param smsReplies        valid answers received by SMS
 * @param messages          SMS created in the period by status, whole deployment (the outbox knows no flow)
 */
public record FlowFigures(String flowId, Period period, long participants, long runs, long sessions, long completed,
                          long left, long open, OptionalDouble medianSecondsToComplete, Map<String, Long> events,
                          long smsQuestions, long smsReplies, Map<String, Long> messages) {
  public double completionRate() {
    return runs == 0 ? 0 : (double) completed / runs;
  }

  public double smsReplyRate() {
    return smsQuestions == 0 ? 0 : (double) smsReplies / smsQuestions;
  }

  public long event(EventType type) {
    return events.getOrDefault(type.storedName(), 0L);
  }
}
