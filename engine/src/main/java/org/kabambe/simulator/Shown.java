package org.kabambe.simulator;

import java.util.List;
import java.util.Map;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.runtime.Effect;
import org.kabambe.runtime.StepResult;

/**
 * What the phone shows after one input, with what an author wants to check: the screen text (USSD: the page on
 * screen; SMS: the messages joined by blank lines), its encoding and length against the budget, where the
 * conversation stands, its answers and the SMS it queued.
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
    List<Effect> effects,
    List<StepResult.Visit> visited) {

  public Shown {
    messages = List.copyOf(messages);
    answers = Map.copyOf(answers);
    smsQueued = List.copyOf(smsQueued);
    effects = List.copyOf(effects);
    visited = List.copyOf(visited);
  }
}
