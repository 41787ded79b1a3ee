package org.kabambe.runtime;

/**
 * Something a step made happen that the outside world must record or carry out: analytics events, answers,
 * contact changes, messages. The interpreter only lists them; the session layer persists and sends them.
 */
public sealed interface Effect {
  /** A flow started (also a called flow). */
  record FlowStarted(String flowId, String flowHash, int version) implements Effect {}

  /** A node that shows something was put on screen. */
  record NodeShown(String flowId, String nodeId) implements Effect {}

  /** A valid answer; {@code name} is the save name, or the node id when the node saves nothing. */
  record AnswerGiven(String flowId, String nodeId, String name, Object value, String input) implements Effect {}

  record InvalidAnswer(String flowId, String nodeId, String input) implements Effect {}

  /** A random split gave this participant an arm (recorded once per participant and node). */
  record ArmAssigned(String flowId, String nodeId, int arm, String target) implements Effect {}

  /** A flow reached an {@code end}. */
  record FlowCompleted(String flowId, String nodeId) implements Effect {}

  record SmsQueued(String text) implements Effect {}

  record ContactUpdated(String field, Object value) implements Effect {}

  record LanguageChanged(String language) implements Effect {}

  record Subscribed(String campaign) implements Effect {}

  record Unsubscribed(String campaign) implements Effect {}

  record OptedOut() implements Effect {}

  record OptedIn() implements Effect {}

  record Tagged(String label) implements Effect {}

  /** An expression failed at run time; the step went on (the value was left unset or the branch not taken). */
  record ExpressionFailed(String flowId, String nodeId, String expression, String error) implements Effect {}
}
