package org.kabambe.runtime;

import java.util.List;

/**
 * What the interpreter wants shown, before any channel formatting: texts already in the participant's language
 * with insertions expanded. A channel renderer turns it into a USSD page or SMS messages.
 *
 * @param preamble  texts to show first ({@code say} nodes passed on the way, an "invalid" notice)
 * @param text      the node's own text (may be empty)
 * @param options   visible menu options with their numbers (empty for ask/say/end)
 * @param closes    true for the last screen of a session ({@code end})
 * @param canGoBack whether "0 Back" leads somewhere (there is a previous screen or a previous page)
 */
public record Prompt(List<String> preamble, String text, List<Option> options, boolean closes, boolean canGoBack) {
  public Prompt {
    preamble = List.copyOf(preamble);
    options = List.copyOf(options);
  }

  /** A numbered option as the participant sees it. */
  public record Option(int number, String label) {}
}
