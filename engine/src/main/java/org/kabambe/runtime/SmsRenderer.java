package org.kabambe.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a {@link Prompt} out as SMS messages: each preamble text on its own, then the text with one "N. label"
 * line per option. SMS has no pages and no navigation keys, so there is no footer; splitting a long message
 * into segments is the sender's job ({@code SmsEncoding.split}).
 */
public final class SmsRenderer {
  /** The messages to send, in order; empty texts send nothing. */
  public List<String> render(Prompt prompt) {
    List<String> messages = new ArrayList<>(prompt.preamble().size() + 1);
    for (String say : prompt.preamble()) {
      if (!say.isEmpty()) {
        messages.add(say);
      }
    }
    // A closing prompt expects no reply, so options would only invite one.
    List<Prompt.Option> options = prompt.closes() ? List.of() : prompt.options();
    StringBuilder screen = new StringBuilder(prompt.text());
    for (Prompt.Option option : options) {
      if (screen.length() > 0) {
        screen.append('\n');
      }
      screen.append(option.number()).append(". ").append(option.label());
    }
    if (screen.length() > 0) {
      messages.add(screen.toString());
    }
    return List.copyOf(messages);
  }
}
