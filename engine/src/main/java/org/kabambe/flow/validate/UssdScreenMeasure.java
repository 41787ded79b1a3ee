package org.kabambe.flow.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.runtime.NavLabels;
import org.kabambe.runtime.Prompt;
import org.kabambe.runtime.UssdBudget;
import org.kabambe.runtime.UssdPage;
import org.kabambe.runtime.UssdRenderer;

/**
 * USSD screens measured and laid out by the runtime's own {@link UssdRenderer} with the network's budget (182
 * GSM-7 characters, or 80 when any character forces UCS-2), and the words that explain them in findings.
 * Insertions ({@code {{ ... }}}) are measured as written, since their values are unknown before a session.
 */
final class UssdScreenMeasure {
  static final UssdBudget BUDGET = UssdBudget.DEFAULT;
  private static final UssdRenderer RENDERER = new UssdRenderer(BUDGET);

  private UssdScreenMeasure() {}

  /** The pages the prompt takes, as a participant sees them. */
  static List<UssdPage> pages(Prompt prompt, NavLabels labels) {
    return RENDERER.paginate(prompt, labels);
  }

  /** The prompt on one page however long, with its first page's footer ("98 More" when {@code moreFollows}). */
  static UssdPage whole(Prompt prompt, NavLabels labels, boolean moreFollows) {
    return RENDERER.onePage(prompt, labels, moreFollows);
  }

  /** {@code text} alone on a screen: no footer, nothing above it. */
  static UssdPage alone(String text) {
    return whole(new Prompt(List.of(), text, List.of(), true, false), NavLabels.ENGLISH, false);
  }

  static int limit(UssdPage page) {
    return BUDGET.limit(page.encoding());
  }

  static boolean fits(UssdPage page) {
    return page.units() <= limit(page);
  }

  /** Units past the limit (0 when it fits). */
  static int excess(UssdPage page) {
    return Math.max(0, page.units() - limit(page));
  }

  /** True when {@code line} is a whole line of the page. */
  static boolean shows(UssdPage page, String line) {
    return ("\n" + page.text() + "\n").contains("\n" + line + "\n");
  }

  /** "95 characters and a screen holds 80 (UCS-2, because of 'ê'; write 'e')", for messages. */
  static String overflow(UssdPage page) {
    return page.units() + " characters and a screen holds " + limit(page) + encodingNote(page);
  }

  /**
   * " (UCS-2, because of 'ê'; write 'e')", or "" for GSM-7: tells an author which character to replace to gain
   * room, and with what when there is an obvious GSM-7 stand-in.
   */
  static String encodingNote(UssdPage page) {
    if (page.encoding() == Encoding.GSM7) return "";
    return firstNonGsm7(page.text())
        .map(c -> " (UCS-2, because of '" + c + "'" + Gsm7Replacements.of(c).map(r -> "; write '" + r + "'").orElse("")
            + ")")
        .orElse(" (UCS-2)");
  }

  /** The lines the page shows after {@code lastAuthorLine}: the navigation lines the engine added. */
  static List<String> addedLines(UssdPage page, String lastAuthorLine) {
    String text = page.text();
    int at = text.lastIndexOf(lastAuthorLine);
    if (at < 0) return List.of();
    return text.substring(at + lastAuthorLine.length()).lines().filter(l -> !l.isBlank()).toList();
  }

  /** "" or " with the line the engine adds ("0 Back")". */
  static String withAdded(List<String> added) {
    if (added.isEmpty()) return "";
    return " with the line" + (added.size() > 1 ? "s" : "") + " the engine adds (\""
        + String.join("\", \"", added) + "\")";
  }

  /** The first character that GSM-7 cannot carry, whole even when it is a surrogate pair. */
  static Optional<String> firstNonGsm7(String text) {
    return text.codePoints()
        .mapToObj(Character::toString)
        .filter(c -> !SmsEncoding.isGsm7(c))
        .findFirst();
  }

  /**
   * When {@code text} is UCS-2 only for characters with a GSM-7 stand-in, and writing those makes {@code prompt}
   * take fewer pages: "the screen is UCS-2 (80 characters, not 182) only because of 'ê' (character 12 of the
   * text): write 'e' instead and it takes 1 page"; {@code what} names the text ("the question").
   */
  static Optional<String> ucs2Switch(Prompt prompt, NavLabels labels, int pages, String text, String what) {
    if (SmsEncoding.isGsm7(text)) return Optional.empty();
    Optional<String> fixed = Gsm7Replacements.replaceAll(text);
    if (fixed.isEmpty()) return Optional.empty();
    int after = pages(replace(prompt, text, fixed.get()), labels).size();
    if (after >= pages) return Optional.empty();
    var swaps = new LinkedHashMap<String, String>(); // character -> its GSM-7 stand-in, in text order
    int first = -1;
    for (int i = 0; i < text.length(); ) {
      String c = Character.toString(text.codePointAt(i));
      if (!SmsEncoding.isGsm7(c)) {
        if (first < 0) first = i + 1;
        swaps.putIfAbsent(c, Gsm7Replacements.of(c).orElseThrow());
      }
      i += c.length();
    }
    String where = " (character " + first + " of " + what + ")";
    String chars = swaps.size() == 1
        ? swaps.entrySet().stream().map(e -> "only because of '" + e.getKey() + "'" + where + ": write '"
            + e.getValue() + "' instead").findFirst().orElseThrow()
        : "only because of characters outside GSM-7, the first" + where + ": write " + swaps.entrySet().stream()
            .map(e -> "'" + e.getValue() + "' for '" + e.getKey() + "'").collect(Collectors.joining(", "));
    return Optional.of("the screen is UCS-2 (" + BUDGET.limit(Encoding.UCS2) + " characters, not "
        + BUDGET.limit(Encoding.GSM7) + ") " + chars + " and it takes " + after + (after == 1 ? " page" : " pages"));
  }

  /** The prompt with every occurrence of the author text {@code from} written as {@code to}. */
  private static Prompt replace(Prompt p, String from, String to) {
    return new Prompt(
        p.preamble().stream().map(s -> s.equals(from) ? to : s).toList(),
        p.text().equals(from) ? to : p.text(),
        p.options().stream().map(o -> o.label().equals(from) ? new Prompt.Option(o.number(), to) : o).toList(),
        p.closes(), p.canGoBack());
  }

  /** The start of a long text, for quoting it in a message. */
  static String excerpt(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= 30 ? oneLine : oneLine.substring(0, 29) + "…";
  }
}
