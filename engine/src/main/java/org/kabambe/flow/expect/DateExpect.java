package org.kabambe.flow.expect;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kabambe.expr.ValueType;
import org.kabambe.input.WordFolding;

/**
 * A calendar date in the forms people type: day first ("12/3/2024", "12-03-24", "12.3.2024", "12 March 2024",
 * "12 mars 2024"), or ISO ("2024-03-12"). Two-digit years are read as 20YY.
 */
public record DateExpect() implements Expect {
  private static final Pattern ISO = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");
  private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})[-/. ](\\d{1,2})[-/. ](\\d{2}|\\d{4})");
  private static final Pattern WORDS = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th|er)? ([a-z]+)\\.? (\\d{2}|\\d{4})");
  private static final Map<String, Integer> MONTHS = months();

  public ValueType valueType() {
    return ValueType.DATE;
  }

  public Optional<Object> parse(String input, String language) {
    String t = input.strip();
    Matcher m = ISO.matcher(t);
    if (m.matches()) return date(m.group(1), m.group(2), m.group(3));
    m = NUMERIC.matcher(t);
    if (m.matches()) return date(m.group(3), m.group(2), m.group(1));
    m = WORDS.matcher(WordFolding.fold(t));
    if (m.matches()) {
      Integer month = MONTHS.get(m.group(2));
      if (month != null) return date(m.group(3), month.toString(), m.group(1));
    }
    return Optional.empty();
  }

  private static Optional<Object> date(String year, String month, String day) {
    int y = Integer.parseInt(year);
    if (year.length() == 2) y += 2000;
    try {
      return Optional.of(LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Map<String, Integer> months() {
    var m = new HashMap<String, Integer>();
    String[][] names = {
        {"january", "jan", "janvier", "janv", "januari"}, {"february", "feb", "fevrier", "fev", "februari"},
        {"march", "mar", "mars", "machi"}, {"april", "apr", "avril", "avr", "aprili"},
        {"may", "mai", "mei"}, {"june", "jun", "juin", "juni"},
        {"july", "jul", "juillet", "juil", "julai"}, {"august", "aug", "aout", "agosti"},
        {"september", "sep", "sept", "septembre", "septemba"}, {"october", "oct", "octobre", "oktoba"},
        {"november", "nov", "novembre", "novemba"}, {"december", "dec", "decembre", "desemba"}};
    for (int i = 0; i < names.length; i++) {
      for (String n : names[i]) m.put(n, i + 1);
    }
    return Map.copyOf(m);
  }

  public String kind() {
    return "date";
  }
}
