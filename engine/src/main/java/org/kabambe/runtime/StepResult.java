package org.kabambe.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one step: the next conversation state, the prompt to show (on {@code conversation.page()}),
 * the effects to record, and a webhook to call before the step can finish (the caller performs it off the
 * event loop and hands the outcome to {@link Interpreter#afterWebhook}).
 */
public record StepResult(Conversation conversation, Prompt prompt, List<Effect> effects,
                         Optional<WebhookCall> webhook, List<Visit> visited) {
  public StepResult {
    effects = List.copyOf(effects);
    visited = List.copyOf(visited);
  }

  /** A node the step passed through, shown or not (flow tests measure coverage with these). */
  public record Visit(String flowId, String nodeId) {}

  public boolean closes() {
    return conversation.ended();
  }
}
