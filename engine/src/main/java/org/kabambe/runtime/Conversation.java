package org.kabambe.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole state of one participant's conversation, immutable: the interpreter takes one and returns the next.
 * It holds only plain values (text, numbers, dates, lists) so the session store can persist it as is.
 *
 * @param stack          flows in progress, the current one last
 * @param page           the page of {@code prompt} on screen (USSD pagination)
 * @param invalidCount   invalid answers in a row at the current node
 * @param actionIndex    inside a {@code do} node waiting for a webhook: the action to resume at; else -1
 * @param prompt         the last prompt shown, so paging and retries need no re-evaluation
 * @param visibleOptions for a menu on screen, the option indexes behind the numbers 1..n
 * @param contact        the contact's fields as the flow sees them ({@code contact.*}), updated by actions
 * @param arms           random-split arms given to this participant, by "flow/node"
 * @param history        earlier screens' stacks, for "0 Back" (bounded)
 * @param ended          the session is closed
 */
public record Conversation(
    String phone,
    Channel channel,
    String language,
    List<Frame> stack,
    int page,
    int invalidCount,
    int actionIndex,
    Prompt prompt,
    List<Integer> visibleOptions,
    Map<String, Object> contact,
    Map<String, Integer> arms,
    List<List<Frame>> history,
    boolean ended,
    Instant startedAt,
    Instant updatedAt) {

  public static final Prompt NO_PROMPT = new Prompt(List.of(), "", List.of(), false, false);

  public Conversation {
    stack = List.copyOf(stack);
    visibleOptions = List.copyOf(visibleOptions);
    contact = Map.copyOf(contact);
    arms = Map.copyOf(arms);
    history = List.copyOf(history);
  }

  /** The same conversation showing page {@code page} of its prompt, as of {@code at} (a resumed session). */
  public Conversation showingPage(int page, Instant at) {
    return new Conversation(phone, channel, language, stack, page, invalidCount, actionIndex, prompt, visibleOptions,
        contact, arms, history, ended, startedAt, at);
  }

  /** The same conversation closed at {@code at} (stopped by the participant, or expired). */
  public Conversation endedAt(Instant at) {
    return new Conversation(phone, channel, language, stack, page, invalidCount, actionIndex, prompt, visibleOptions,
        contact, arms, history, true, startedAt, at);
  }

  /** The frame of the flow now running. */
  public Frame current() {
    return stack.get(stack.size() - 1);
  }

  public String flowId() {
    return current().flowId();
  }

  public String nodeId() {
    return current().nodeId();
  }
}
