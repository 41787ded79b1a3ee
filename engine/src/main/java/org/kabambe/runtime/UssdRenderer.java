package org.kabambe.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.kabambe.connectors.sms.Gsm7Codec;
import org.kabambe.connectors.sms.SmsEncoding;

/**
 * Lays a {@link Prompt} out as USSD pages that each fit the gateway's budget, footer included.
 *
 * <p>Layout: each preamble text, then the text, then one "N. label" line per option, lines joined by "\n".
 * Lines are packed greedily, except that the prompt's text only joins a page already in use when its first
 * option fits there too (a say before a menu shares its page when the question and a choice fit).
 *
 * <p>Footer: "98 More" when another page follows; "0 Back" when {@code canGoBack} or on any page after the
 * first; "00 Home" under the same condition when the labels ask for it. An option line is never split across pages (one longer than a whole page is cut and ends
 * with ".."); a preamble or text too long for a page of its own is split at word boundaries, or inside a word
 * longer than a page, never inside a surrogate pair. A closing prompt's last page closes the session and has no
 * footer; its earlier pages are ordinary continue-screens. A page whose characters are all GSM-7 is measured in
 * septets against the GSM-7 budget, any other page in UTF-16 units against the UCS-2 budget.
 */
public final class UssdRenderer {
  private static final String CUT_MARK = "..";
  private static final ScreenLength CUT_MARK_LENGTH = ScreenLength.of(CUT_MARK);

  private final UssdBudget budget;

  public UssdRenderer(UssdBudget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  public UssdBudget budget() {
    return budget;
  }

  /** All pages of the prompt, first to last; an empty prompt is one page (holding only its footer, if any). */
  public List<UssdPage> paginate(Prompt prompt, NavLabels labels) {
    List<Block> blocks = blocksOf(prompt);
    NavFooter footer = new NavFooter(labels);
    List<PageDraft> drafts = new ArrayList<>(2);
    int next = 0;
    boolean finished = false;
    while (!finished) {
      int pageIndex = drafts.size();
      boolean back = prompt.canGoBack() || pageIndex > 0;
      NavFooter.Lines moreLines = new NavFooter.Lines(true, back, back && labels.showHome());
      NavFooter.Lines endLines = prompt.closes() ? NavFooter.Lines.NONE
          : new NavFooter.Lines(false, back, back && labels.showHome());
      ScreenLength withMore = footer.length(moreLines);
      ScreenLength atEnd = footer.length(endLines);
      PageDraft page = new PageDraft();
      drafts.add(page);
      while (true) {
        if (next == blocks.size()) {
          page.footer = endLines;
          finished = true;
          break;
        }
        Block block = blocks.get(next);
        boolean lastBlock = next == blocks.size() - 1;
        ScreenLength needed = page.length.thenLine(keptTogether(blocks, next, page));
        if (fits(needed, keptLast(blocks, next, page) ? atEnd : withMore)) {
          page.add(block);
          next++;
          continue;
        }
        // Without "98 More" everything left may still fit: then this is the last page.
        if (!lastBlock && fits(page.length.thenLine(lengthOf(blocks, next)), atEnd)) {
          for (; next < blocks.size(); next++) {
            page.add(blocks.get(next));
          }
          continue;
        }
        if (page.isEmpty()) {
          if (block.option) {
            page.add(truncated(block, lastBlock ? atEnd : withMore));
            next++;
            continue;
          }
          Block[] pieces = splitText(block, withMore);
          page.add(pieces[0]);
          if (pieces[1].length.isEmpty()) {
            next++;
          } else {
            blocks.set(next, pieces[1]);
          }
        }
        page.footer = next == blocks.size() ? endLines : moreLines;
        finished = next == blocks.size();
        break;
      }
    }
    return toPages(drafts, footer, prompt.closes());
  }

  /** Page {@code page} of the prompt (zero-based; past the end, the last page). */
  public UssdPage render(Prompt prompt, int page, NavLabels labels) {
    List<UssdPage> pages = paginate(prompt, labels);
    return pages.get(Math.max(0, Math.min(page, pages.size() - 1)));
  }

  /**
   * The whole prompt on one page, however long, with the footer its first page carries ("98 More" when
   * {@code moreFollows}): what a screen needs when it does not fit, for checks that say by how much.
   */
  public UssdPage onePage(Prompt prompt, NavLabels labels, boolean moreFollows) {
    PageDraft page = new PageDraft();
    blocksOf(prompt).forEach(page::add);
    boolean back = prompt.canGoBack();
    boolean closes = prompt.closes() && !moreFollows;
    page.footer = closes ? NavFooter.Lines.NONE : new NavFooter.Lines(moreFollows, back, back && labels.showHome());
    return toPages(List.of(page), new NavFooter(labels), closes).get(0);
  }

  /** How many pages the prompt needs. */
  public int pageCount(Prompt prompt, NavLabels labels) {
    return paginate(prompt, labels).size();
  }

  private boolean fits(ScreenLength content, ScreenLength footer) {
    return budget.fits(content.thenLine(footer));
  }

  private static List<Block> blocksOf(Prompt prompt) {
    List<Block> blocks = new ArrayList<>(prompt.preamble().size() + 1 + prompt.options().size());
    for (String say : prompt.preamble()) {
      if (!say.isEmpty()) {
        blocks.add(Block.text(say));
      }
    }
    if (!prompt.text().isEmpty()) {
      blocks.add(Block.question(prompt.text()));
    }
    for (Prompt.Option option : prompt.options()) {
      blocks.add(Block.option(option.number() + ". " + option.label()));
    }
    return blocks;
  }

  /**
   * What must fit for block {@code i} to go on this page: the block, and for a menu's text on a page already
   * in use its first option too, so that a question is not left at the foot of a page without its choices.
   */
  private static ScreenLength keptTogether(List<Block> blocks, int i, PageDraft page) {
    Block block = blocks.get(i);
    if (keepsNext(blocks, i, page)) {
      return block.length.thenLine(blocks.get(i + 1).length);
    }
    return block.length;
  }

  private static boolean keptLast(List<Block> blocks, int i, PageDraft page) {
    int last = keepsNext(blocks, i, page) ? i + 1 : i;
    return last == blocks.size() - 1;
  }

  private static boolean keepsNext(List<Block> blocks, int i, PageDraft page) {
    return blocks.get(i).keepWithNext && !page.isEmpty() && i + 1 < blocks.size() && blocks.get(i + 1).option;
  }

  private static ScreenLength lengthOf(List<Block> blocks, int from) {
    ScreenLength length = ScreenLength.EMPTY;
    for (int i = from; i < blocks.size(); i++) {
      length = length.thenLine(blocks.get(i).length);
    }
    return length;
  }

  /**
   * Splits a text block that does not fit an empty page: the first piece ends at the last word boundary that
   * fits (or inside the first word when even that is too long); the second is the rest, possibly empty.
   */
  private Block[] splitText(Block block, ScreenLength footer) {
    String text = block.line;
    int fitEnd = fittingPrefix(text, footer, ScreenLength.EMPTY);
    int cut = fitEnd;
    if (fitEnd < text.length() && !isBreak(text.charAt(fitEnd))) {
      int lastBreak = fitEnd - 1;
      while (lastBreak > 0 && !isBreak(text.charAt(lastBreak))) {
        lastBreak--;
      }
      int pieceEnd = trimEnd(text, lastBreak);
      if (pieceEnd > 0) {
        cut = lastBreak;
      }
    }
    int pieceEnd = trimEnd(text, cut);
    if (pieceEnd == 0) {
      pieceEnd = cut; // only blanks fit: keep them rather than make no progress
    }
    if (pieceEnd == 0) {
      // The footer alone fills the page (misconfigured labels): show one character anyway so paging ends.
      pieceEnd = Character.charCount(text.codePointAt(0));
    }
    int restStart = Math.max(cut, pieceEnd);
    while (restStart < text.length() && isBreak(text.charAt(restStart))) {
      restStart++;
    }
    // The rest of a question still keeps with its first option.
    return new Block[] {Block.text(text.substring(0, pieceEnd)),
        new Block(text.substring(restStart), false, block.keepWithNext, ScreenLength.of(text.substring(restStart)))};
  }

  /** An option line longer than a whole page, cut so that it fits with its ".." mark. */
  private Block truncated(Block block, ScreenLength footer) {
    int end = fittingPrefix(block.line, footer, CUT_MARK_LENGTH);
    if (end == 0) {
      end = Character.charCount(block.line.codePointAt(0));
    }
    return Block.option(block.line.substring(0, end) + CUT_MARK);
  }

  /** Length of the longest prefix that fits an empty page with the footer and {@code suffix}, pairs kept whole. */
  private int fittingPrefix(String text, ScreenLength footer, ScreenLength suffix) {
    int septets = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int width = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
      int charSeptets = width == 1 ? Gsm7Codec.septetsOf(c) : 0;
      septets = septets < 0 || charSeptets == 0 ? -1 : septets + charSeptets;
      // Stop at the first prefix that does not fit, so every shorter prefix (a word boundary) is known to fit.
      ScreenLength withSuffix = new ScreenLength(
          septets < 0 || suffix.septets() < 0 ? -1 : septets + suffix.septets(), i + width + suffix.utf16());
      if (!fits(withSuffix, footer)) {
        break;
      }
      i += width;
    }
    return i;
  }

  private static boolean isBreak(char c) {
    return c == ' ' || c == '\n';
  }

  private static int trimEnd(String text, int end) {
    while (end > 0 && isBreak(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static List<UssdPage> toPages(List<PageDraft> drafts, NavFooter footer, boolean closes) {
    int count = drafts.size();
    List<UssdPage> pages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PageDraft draft = drafts.get(i);
      ScreenLength total = draft.length.thenLine(footer.length(draft.footer));
      footer.appendTo(draft.text, draft.footer);
      pages.add(new UssdPage(draft.text.toString(), closes && i == count - 1, i, count, total.encoding(),
          total.units()));
    }
    return List.copyOf(pages);
  }

  /** One line or paragraph of the layout with its length measured once. */
  private record Block(String line, boolean option, boolean keepWithNext, ScreenLength length) {
    static Block text(String text) {
      return new Block(text, false, false, ScreenLength.of(text));
    }

    /** The prompt's own text: stays with the first option that follows it. */
    static Block question(String text) {
      return new Block(text, false, true, ScreenLength.of(text));
    }

    static Block option(String line) {
      return new Block(line, true, false, ScreenLength.of(line));
    }
  }

  /** A page being filled: its text so far, its length, and the footer it will end with. */
  private static final class PageDraft {
    final StringBuilder text = new StringBuilder(96);
    ScreenLength length = ScreenLength.EMPTY;
    NavFooter.Lines footer = NavFooter.Lines.NONE;

    boolean isEmpty() {
      return length.isEmpty();
    }

    void add(Block block) {
      NavFooter.appendLine(text, block.line);
      length = length.thenLine(block.length);
    }
  }
}
