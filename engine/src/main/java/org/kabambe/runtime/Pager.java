package org.kabambe.runtime;

/** How many pages a prompt takes on a channel, so the interpreter knows whether "98 More" leads anywhere. */
@FunctionalInterface
public interface Pager {
  Pager SINGLE_PAGE = (prompt, language) -> 1;

  int pageCount(Prompt prompt, String language);
}
