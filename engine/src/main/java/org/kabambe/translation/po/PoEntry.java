package org.kabambe.translation.po;

import java.util.List;
import java.util.Optional;

/**
 * One gettext PO entry. {@code line} is where the entry's first keyword ({@code msgctxt} or {@code msgid}) was
 * read (1-based; 0 for an entry built in memory), so an import can name the PO line of a refused translation.
 *
 * @param comments           translator comments ({@code # ...}), kept as written
 * @param extractedComments  comments for the translator ({@code #. ...}), e.g. the screen budget
 * @param references         {@code #: file:line} references
 * @param flags              {@code #, fuzzy} and the like
 * @param previousMsgid      {@code #| msgid "..."}: the source text the current translation was made from
 */
public record PoEntry(
    List<String> comments,
    List<String> extractedComments,
    List<String> references,
    List<String> flags,
    Optional<String> previousMsgid,
    Optional<String> msgctxt,
    String msgid,
    String msgstr,
    int line) {

  public static final String FUZZY = "fuzzy";

  public PoEntry {
    comments = List.copyOf(comments);
    extractedComments = List.copyOf(extractedComments);
    references = List.copyOf(references);
    flags = List.copyOf(flags);
  }

  public boolean isFuzzy() {
    return flags.contains(FUZZY);
  }

  /** The header entry carries the file's metadata as its msgstr. */
  public boolean isHeader() {
    return msgid.isEmpty() && msgctxt.isEmpty();
  }

  public boolean isTranslated() {
    return !msgstr.isEmpty();
  }

  /** msgctxt, else "" (what identifies an entry together with its msgid). */
  public String context() {
    return msgctxt.orElse("");
  }
}
