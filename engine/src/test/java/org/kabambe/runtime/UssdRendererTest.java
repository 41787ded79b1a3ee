package org.kabambe.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;

class UssdRendererTest {
  private static final UssdRenderer DEFAULT = new UssdRenderer(UssdBudget.DEFAULT);
  private static final NavLabels EN = NavLabels.ENGLISH;

  private static Prompt menu(List<String> preamble, String text, boolean canGoBack, String... labels) {
    List<Prompt.Option> options = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      options.add(new Prompt.Option(i + 1, labels[i]));
    }
    return new Prompt(preamble, text, options, false, canGoBack);
  }

  private static Prompt say(String text, boolean closes) {
    return new Prompt(List.of(), text, List.of(), closes, false);
  }

  /** The properties every rendering must keep, whatever the prompt. */
  private static List<UssdPage> paginateChecked(UssdRenderer renderer, Prompt prompt, NavLabels labels) {
    List<UssdPage> pages = renderer.paginate(prompt, labels);
    assertFalse(pages.isEmpty());
    for (UssdPage page : pages) {
      String where = "page " + page.page() + " of " + prompt + ":\n" + page.text();
      assertEquals(SmsEncoding.encodingOf(page.text()), page.encoding(), where);
      assertEquals(SmsEncoding.units(page.text()), page.units(), where);
      assertTrue(page.units() <= renderer.budget().limit(page.encoding()), where);
      assertEquals(pages.size(), page.pageCount());
      assertEquals(page.hasMore(), ("\n" + page.text() + "\n").contains("\n98 " + labels.more() + "\n"), where);
      assertEquals(prompt.closes() && !page.hasMore(), page.closes(), where);
      assertFalse(!page.text().isEmpty() && Character.isLowSurrogate(page.text().charAt(0)), where);
    }
    for (int i = 0; i < pages.size(); i++) {
      assertEquals(i, pages.get(i).page());
    }
    return pages;
  }

  @Test
  void threeOptionMenuIsOnePage() {
    Prompt prompt = menu(List.of(), "Are you pregnant?", false, "Yes", "No", "Not sure");
    List<UssdPage> pages = paginateChecked(DEFAULT, prompt, EN);
    assertEquals(1, pages.size());
    assertEquals("Are you pregnant?\n1. Yes\n2. No\n3. Not sure", pages.get(0).text());
    assertEquals(Encoding.GSM7, pages.get(0).encoding());
    assertEquals(pages.get(0).text().length(), pages.get(0).units());
    assertFalse(pages.get(0).closes());
  }

  @Test
  void sayIsMergedWithTheFollowingMenuWhenItFits() {
    List<UssdPage> pages = paginateChecked(DEFAULT,
        menu(List.of("Thank you."), "Next visit?", false, "This week", "Next week"), EN);
    assertEquals(List.of("Thank you.\nNext visit?\n1. This week\n2. Next week"), texts(pages));
  }

  @Test
  void sayTooLongToShareGetsItsOwnPage() {
    String say = "Thank you for registering with the clinic. We will send you a reminder before every visit and "
        + "a short message each week about your baby's growth.";
    List<UssdPage> pages = paginateChecked(DEFAULT,
        menu(List.of(say), "When is your next visit?", false, "This week", "Next week", "Not sure"), EN);
    assertEquals(List.of(say + "\n98 More",
        "When is your next visit?\n1. This week\n2. Next week\n3. Not sure\n0 Back"), texts(pages));
  }

  @Test
  void textLongerThanAPageIsSplitAtWordBoundaries() {
    String word = "health ";
    String text = word.repeat(60).trim(); // 419 characters
    List<UssdPage> pages = paginateChecked(DEFAULT, say(text, false), EN);
    assertTrue(pages.size() >= 3);
    StringBuilder rejoined = new StringBuilder();
    for (UssdPage page : pages) {
      String body = stripFooter(page.text(), EN);
      assertFalse(body.startsWith(" ") || body.endsWith(" "), body);
      assertTrue(body.replace("health", "").isBlank(), "a word was cut: " + body);
      rejoined.append(rejoined.length() == 0 ? "" : " ").append(body);
    }
    assertEquals(text, rejoined.toString());
  }

  @Test
  void wordLongerThanAPageIsCutAtACharacterButNeverInsideASurrogatePair() {
    String text = "😀".repeat(100); // 200 UTF-16 units, no spaces
    List<UssdPage> pages = paginateChecked(DEFAULT, say(text, false), EN);
    StringBuilder rejoined = new StringBuilder();
    for (UssdPage page : pages) {
      String body = stripFooter(page.text(), EN);
      assertEquals(Encoding.UCS2, page.encoding());
      assertFalse(Character.isHighSurrogate(body.charAt(body.length() - 1)), body);
      rejoined.append(body);
    }
    assertEquals(text, rejoined.toString());
  }

  @Test
  void tenOptionMenuPagesAt182And120WithoutSplittingAnOption() {
    String[] labels = new String[10];
    for (int i = 0; i < 10; i++) {
      labels[i] = "Health facility number " + (i + 1) + " in the district";
    }
    for (UssdBudget budget : List.of(UssdBudget.DEFAULT, UssdBudget.forGateway(120))) {
      UssdRenderer renderer = new UssdRenderer(budget);
      List<UssdPage> pages = paginateChecked(renderer, menu(List.of(), "Choose your clinic:", false, labels), EN);
      assertTrue(pages.size() > 1, "expected pages at " + budget);
      List<String> optionLines = new ArrayList<>();
      for (UssdPage page : pages) {
        for (String line : page.text().split("\n")) {
          if (line.matches("\\d+\\. .*")) {
            optionLines.add(line);
          }
        }
        if (page.hasMore()) {
          assertTrue(page.text().contains("\n98 More"), page.text());
        }
        assertEquals(page.page() > 0, page.text().endsWith("\n0 Back"), page.text());
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        expected.add((i + 1) + ". " + labels[i]);
      }
      assertEquals(expected, optionLines, "every option once, whole, in order at " + budget);
      assertTrue(pages.get(0).text().startsWith("Choose your clinic:\n1. "));
    }
  }

  @Test
  void backAndHomeFooter() {
    Prompt prompt = menu(List.of(), "Language?", true, "English", "Kiswahili");
    assertEquals("Language?\n1. English\n2. Kiswahili\n0 Back", DEFAULT.render(prompt, 0, EN).text());
    NavLabels withHome = new NavLabels("Zaidi", "Rudi", "Mwanzo", true);
    assertEquals("Language?\n1. English\n2. Kiswahili\n0 Rudi\n00 Mwanzo", DEFAULT.render(prompt, 0, withHome).text());
    // Nowhere to go back to on a first page: no Back, and no Home either.
    Prompt first = menu(List.of(), "Language?", false, "English", "Kiswahili");
    assertEquals("Language?\n1. English\n2. Kiswahili", DEFAULT.render(first, 0, withHome).text());
  }

  @Test
  void laterPagesOfALongMenuOfferMoreBackAndHomeInOrder() {
    NavLabels withHome = new NavLabels("More", "Back", "Home", true);
    String[] labels = new String[12];
    java.util.Arrays.fill(labels, "An option label of a fair length");
    List<UssdPage> pages = paginateChecked(DEFAULT, menu(List.of(), "Pick:", false, labels), withHome);
    assertTrue(pages.size() >= 3);
    assertTrue(pages.get(0).text().endsWith("\n98 More"), pages.get(0).text());
    assertTrue(pages.get(1).text().endsWith("\n98 More\n0 Back\n00 Home"), pages.get(1).text());
    assertTrue(pages.get(pages.size() - 1).text().endsWith("\n0 Back\n00 Home"));
    assertEquals(pages.get(1), DEFAULT.render(menu(List.of(), "Pick:", false, labels), 1, withHome));
    assertEquals(pages.size(), DEFAULT.pageCount(menu(List.of(), "Pick:", false, labels), withHome));
    assertEquals(pages.get(pages.size() - 1), DEFAULT.render(menu(List.of(), "Pick:", false, labels), 99, withHome));
  }

  @Test
  void eAcuteStaysGsm7ButCCedillaSwitchesToUcs2() {
    UssdPage gsm = DEFAULT.render(say("Votre santé compte", false), 0, NavLabels.FRENCH);
    assertEquals(Encoding.GSM7, gsm.encoding());
    UssdPage ucs2 = DEFAULT.render(say("Reçu, merci", false), 0, NavLabels.FRENCH);
    assertEquals(Encoding.UCS2, ucs2.encoding());
    assertEquals(11, ucs2.units());
    // 100 GSM-7 characters fit one page; one "ç" makes that page UCS-2 (80 units), so the text needs two pages,
    // and the page without the "ç" is still GSM-7.
    String merci = "Merci ".repeat(16);
    assertEquals(1, DEFAULT.pageCount(say(merci + "recu", false), EN));
    List<UssdPage> pages = paginateChecked(DEFAULT, say(merci + "reçu", false), EN);
    assertEquals(List.of(merci.trim() + "\n98 More", "reçu\n0 Back"), texts(pages));
    assertEquals(List.of(Encoding.GSM7, Encoding.UCS2), pages.stream().map(UssdPage::encoding).toList());
  }

  @Test
  void extensionCharactersCountTwoSeptets() {
    // 91 euro signs are 182 septets: exactly one page; 92 are not.
    assertEquals(1, DEFAULT.pageCount(say("€".repeat(91), false), EN));
    assertEquals(182, DEFAULT.render(say("€".repeat(91), false), 0, EN).units());
    assertEquals(2, paginateChecked(DEFAULT, say("€".repeat(92), false), EN).size());
  }

  @Test
  void footerLabelsInAnotherScriptMakeEveryPageUcs2() {
    NavLabels amharic = new NavLabels("ተጨማሪ", "ተመለስ", "መነሻ", false);
    String[] labels = {"አዎ", "አይ", "አላውቅም"};
    Prompt prompt = menu(List.of(), "Are you well?", true, labels);
    UssdPage page = DEFAULT.render(prompt, 0, amharic);
    assertEquals("Are you well?\n1. አዎ\n2. አይ\n3. አላውቅም\n0 ተመለስ", page.text());
    assertEquals(Encoding.UCS2, page.encoding());
  }

  @Test
  void amharicAndArabicTextArePagedInUcs2Units() {
    String amharic = "እንኳን ወደ የእናቶች ጤና አገልግሎት በደህና መጡ። ";
    String arabic = "مرحبا بكم في خدمة صحة الأم. ";
    for (String text : List.of(amharic.repeat(6).trim(), arabic.repeat(8).trim())) {
      List<UssdPage> pages = paginateChecked(DEFAULT, menu(List.of(), text, false, "Yes", "No"), EN);
      assertTrue(pages.size() >= 3, "paged at 80 units: " + pages.size());
      for (UssdPage page : pages) {
        assertEquals(Encoding.UCS2, page.encoding());
      }
      assertTrue(pages.get(pages.size() - 1).text().endsWith("1. Yes\n2. No\n0 Back"));
    }
  }

  @Test
  void emojiCountsTwoUnits() {
    UssdPage page = DEFAULT.render(menu(List.of(), "How do you feel? 🙂", false, "Good", "Bad"), 0, EN);
    assertEquals(Encoding.UCS2, page.encoding());
    assertEquals(page.text().length(), page.units());
    assertEquals(Character.codePointCount(page.text(), 0, page.text().length()) + 1, page.units());
  }

  @Test
  void closingMultiPagePromptClosesOnlyOnItsLastPage() {
    String text = "Thank you for taking part. ".repeat(12).trim();
    List<UssdPage> pages = paginateChecked(DEFAULT, say(text, true), EN);
    assertTrue(pages.size() >= 2);
    for (UssdPage page : pages.subList(0, pages.size() - 1)) {
      assertFalse(page.closes());
      assertTrue(page.text().contains("\n98 More"), page.text());
    }
    UssdPage last = pages.get(pages.size() - 1);
    assertTrue(last.closes());
    assertFalse(last.text().contains("\n0 Back") || last.text().contains("98 More"), last.text());
  }

  @Test
  void shortClosingPromptIsOneClosingPageWithoutFooter() {
    Prompt end = new Prompt(List.of(), "Goodbye.", List.of(), true, true);
    assertEquals(List.of(new UssdPage("Goodbye.", true, 0, 1, Encoding.GSM7, 8)), DEFAULT.paginate(end, EN));
  }

  @Test
  void emptyPromptIsOneEmptyPage() {
    assertEquals(List.of(new UssdPage("", false, 0, 1, Encoding.GSM7, 0)),
        DEFAULT.paginate(new Prompt(List.of(), "", List.of(), false, false), EN));
    assertEquals("0 Back", DEFAULT.render(new Prompt(List.of(""), "", List.of(), false, true), 0, EN).text());
  }

  @Test
  void optionLongerThanAPageIsCutWithAMark() {
    String label = "x".repeat(300);
    List<UssdPage> pages = paginateChecked(DEFAULT, menu(List.of(), "Pick", false, "Short", label, "Also short"), EN);
    assertTrue(pages.stream().anyMatch(p -> p.text().contains("2. xxx") && p.text().contains("x..\n")));
  }

  @Test
  void gatewayBudgetIsCappedByTheNetworkLimits() {
    assertEquals(new UssdBudget(160, 80), UssdBudget.forGateway(160));
    assertEquals(new UssdBudget(120, 80), UssdBudget.forGateway(120));
    assertEquals(new UssdBudget(182, 80), UssdBudget.forGateway(500));
    assertEquals(new UssdBudget(60, 60), UssdBudget.forGateway(60));
  }

  @Test
  void everyPageFitsItsBudgetForRandomPrompts() {
    Random random = new Random(20240611);
    String[] words = {"a", "clinic", "visit", "ok", "€", "[x]", "{ }", "santé", "reçu", "😀", "ሰላም", "مرحبا",
        "supercalifragilisticexpialidocious", "x".repeat(90), "🙂🙂🙂", "\\", "|", "~^", "week\nday"};
    List<UssdBudget> budgets = List.of(UssdBudget.DEFAULT, UssdBudget.forGateway(160), UssdBudget.forGateway(120));
    List<NavLabels> navs = List.of(NavLabels.ENGLISH, NavLabels.FRENCH,
        new NavLabels("Zaidi", "Rudi", "Mwanzo", true), new NavLabels("ተጨማሪ", "ተመለስ", "መነሻ", true),
        new NavLabels("Plus €", "[Back]", "Home", true));
    for (int round = 0; round < 3000; round++) {
      List<String> preamble = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        preamble.add(sentence(random, words, random.nextInt(60)));
      }
      List<Prompt.Option> options = new ArrayList<>();
      for (int i = random.nextInt(13); i > 0; i--) {
        options.add(new Prompt.Option(options.size() + 1, sentence(random, words, 1 + random.nextInt(8))));
      }
      Prompt prompt = new Prompt(preamble, sentence(random, words, random.nextInt(40)), options,
          options.isEmpty() && random.nextBoolean(), random.nextBoolean());
      UssdRenderer renderer = new UssdRenderer(budgets.get(random.nextInt(budgets.size())));
      NavLabels labels = navs.get(random.nextInt(navs.size()));
      List<UssdPage> pages = paginateChecked(renderer, prompt, labels);
      assertEquals(pages, renderer.paginate(prompt, labels), "deterministic");
      assertEveryOptionShownOnce(prompt, pages, labels, renderer.budget());
    }
  }

  /** Each option appears whole, or cut with ".." only when it could not fit a page even under the longest footer. */
  private static void assertEveryOptionShownOnce(Prompt prompt, List<UssdPage> pages, NavLabels labels,
      UssdBudget budget) {
    StringBuilder all = new StringBuilder();
    for (UssdPage page : pages) {
      all.append(stripFooter(page.text(), labels)).append('\n');
    }
    String longestFooter = "\n98 " + labels.more() + "\n0 " + labels.back() + "\n00 " + labels.home();
    for (Prompt.Option option : prompt.options()) {
      String line = option.number() + ". " + option.label();
      String alone = line + longestFooter;
      boolean fitsAlone = SmsEncoding.units(alone) <= budget.limit(SmsEncoding.encodingOf(alone));
      if (fitsAlone) {
        assertTrue(all.indexOf(line + "\n") >= 0, () -> "missing " + line + " in\n" + all);
      } else {
        assertTrue(all.indexOf(option.number() + ". ") >= 0, () -> "missing " + line + " in\n" + all);
      }
    }
  }

  private static String sentence(Random random, String[] words, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(words[random.nextInt(words.length)]);
    }
    return sb.toString();
  }

  private static String stripFooter(String text, NavLabels labels) {
    for (String line : List.of("\n00 " + labels.home(), "\n0 " + labels.back(), "\n98 " + labels.more())) {
      if (text.endsWith(line)) {
        text = text.substring(0, text.length() - line.length());
      }
    }
    return text;
  }

  private static List<String> texts(List<UssdPage> pages) {
    return pages.stream().map(UssdPage::text).toList();
  }

  @Test
  void onePageIsThePromptUnsplitWithItsFirstPagesFooter() {
    String question = "q".repeat(179);
    Prompt ask = new Prompt(List.of("Sorry, try again."), question, List.of(), false, true);
    UssdPage whole = DEFAULT.onePage(ask, EN, false);
    assertEquals("Sorry, try again.\n" + question + "\n0 Back", whole.text());
    assertEquals(Encoding.GSM7, whole.encoding());
    assertEquals(17 + 1 + 179 + 7, whole.units());
    assertEquals(3, DEFAULT.paginate(ask, EN).size(), "the notice, then the question split by its Back line");
    Prompt menu = menu(List.of(), "Pick", true, "One", "Two");
    assertEquals("Pick\n1. One\n98 More\n0 Back", DEFAULT.onePage(menu(List.of(), "Pick", true, "One"), EN, true).text());
    assertEquals("Pick\n1. One\n2. Two\n0 Back", DEFAULT.onePage(menu, EN, false).text());
    assertEquals("Bye", DEFAULT.onePage(say("Bye", true), EN, false).text());
  }
}
