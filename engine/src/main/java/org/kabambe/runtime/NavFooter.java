package org.kabambe.runtime;

/** The navigation lines under a USSD page ("98 More", "0 Back", "00 Home"), measured once per rendering. */
final class NavFooter {
  private final String more;
  private final String back;
  private final String home;
  private final ScreenLength moreLength;
  private final ScreenLength backLength;
  private final ScreenLength homeLength;

  NavFooter(NavLabels labels) {
    more = NavLabels.MORE_KEY + " " + labels.more();
    back = NavLabels.BACK_KEY + " " + labels.back();
    home = NavLabels.HOME_KEY + " " + labels.home();
    moreLength = ScreenLength.of(more);
    backLength = ScreenLength.of(back);
    homeLength = ScreenLength.of(home);
  }

  /** Which lines a page shows; NONE for a page that closes the session (no key can be pressed after it). */
  record Lines(boolean more, boolean back, boolean home) {
    static final Lines NONE = new Lines(false, false, false);
  }

  ScreenLength length(Lines lines) {
    ScreenLength length = ScreenLength.EMPTY;
    if (lines.more()) {
      length = length.thenLine(moreLength);
    }
    if (lines.back()) {
      length = length.thenLine(backLength);
    }
    if (lines.home()) {
      length = length.thenLine(homeLength);
    }
    return length;
  }

  /** Appends the lines, each on its own line after any text already in {@code page}. */
  void appendTo(StringBuilder page, Lines lines) {
    if (lines.more()) {
      appendLine(page, more);
    }
    if (lines.back()) {
      appendLine(page, back);
    }
    if (lines.home()) {
      appendLine(page, home);
    }
  }

  static void appendLine(StringBuilder page, String line) {
    if (page.length() > 0) {
      page.append('\n');
    }
    page.append(line);
  }
}
