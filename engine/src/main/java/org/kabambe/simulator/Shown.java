package org.kabambe.simulator;

import java.util.List;
import java.util.Map;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.runtime.StepResult;

/**
 * What the phone shows after one input, with what an author wants to check: the screen text (USSD: the reply on
 * screen; SMS: the messages it received, joined by blank lines), its encoding and length against the budget, where
 * the stored conversation stands, its answers, the SMS the step queued and the nodes it stepped through.
 */
public record Shown(
    String screen,
    List<String> messages,
    boolean closes,
    String flowId,
    String nodeId,
    Map<String, Object> answers,
    List<String> smsQueued,
    Encoding encoding,
    int units,
    int budget,
    int page,
    int pages,
    List<StepResult.Visit> visited) {

  public Shown {
    messages = List.copyOf(messages);
    answers = Map.copyOf(answers);
    smsQueued = List.copyOf(smsQueued);
    visited = List.copyOf(visited);
  }
}
