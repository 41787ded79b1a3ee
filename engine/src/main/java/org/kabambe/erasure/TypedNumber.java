package org.kabambe.erasure;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A number as people type it into free text ("call me on 0712 000 111", "+254712000111", "254-712-000111"): the
 * national number's digits, with spaces or dashes between them, after an optional country code or trunk 0, and
 * not inside a longer run of digits. Found in answers, events, message texts, contact fields and the answer counts,
 * whoever typed it, and replaced by {@value #ERASED}. Rows are pre-selected by the last three digits (an index-free
 * scan, fine for an occasional erasure), so a separator within those three hides it.
 */
final class TypedNumber {
  static final String ERASED = "[erased]";

  private final Pattern pattern;
  private final String lastDigits;

  private TypedNumber(Pattern pattern, String lastDigits) {
    this.pattern = pattern;
    this.lastDigits = lastDigits;
  }

  /** The typed forms of an E.164 number; a number libphonenumber cannot read is matched as its digits only. */
  static TypedNumber of(String e164) {
    String country = "";
    String national = e164.replaceAll("[^0-9]", "");
    try {
      var util = PhoneNumberUtil.getInstance();
      var n = util.parse(e164, "ZZ");
      country = Integer.toString(n.getCountryCode());
      national = util.getNationalSignificantNumber(n);
    } catch (NumberParseException e) {
      // digits only, as stored
    }
    var digits = new StringBuilder();
    for (int i = 0; i < national.length(); i++) digits.append(i == 0 ? "" : "[ -]?").append(national.charAt(i));
    String prefix = country.isEmpty() ? "\\+?" : "(?:(?:\\+|00)?" + country + "[ -]?|0)?";
    return new TypedNumber(Pattern.compile("(?<![0-9])" + prefix + digits + "(?![0-9])"),
        national.substring(Math.max(0, national.length() - 3)));
  }

  boolean in(String text) {
    return text != null && pattern.matcher(text).find();
  }

  String erased(String text) {
    return pattern.matcher(text).replaceAll(ERASED);
  }

  /** Rewrites {@code column} of {@code table} (rows found by {@code id}) wherever it names the number. */
  int scrub(Connection c, String table, String id, String column) throws SQLException {
    var found = new ArrayList<Object[]>();
    try (var s = c.prepareStatement("SELECT " + id + ", " + column + " FROM " + table + " WHERE " + column
        + " LIKE ?")) {
      s.setString(1, "%" + lastDigits + "%");
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          if (in(rs.getString(2))) found.add(new Object[] {rs.getObject(1), erased(rs.getString(2))});
        }
      }
    }
    try (var u = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + id + " = ?")) {
      for (Object[] row : found) {
        u.setString(1, (String) row[1]);
        u.setObject(2, row[0]);
        u.executeUpdate();
      }
    }
    return found.size();
  }

  /**
   * The same for a daily count table whose key includes the answer: the count moves to the erased answer's row
   * (added to it when there is one), so the totals stay.
   */
  int scrubCounts(Connection c, String table, List<String> keys) throws SQLException {
    var rows = new ArrayList<Object[]>();
    String keyList = String.join(", ", keys);
    try (var s = c.prepareStatement("SELECT " + keyList + ", n FROM " + table + " WHERE answer LIKE ?")) {
      s.setString(1, "%" + lastDigits + "%");
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[keys.size() + 1];
          for (int i = 0; i < row.length; i++) row[i] = rs.getObject(i + 1);
          if (in((String) row[keys.indexOf("answer")])) rows.add(row);
        }
      }
    }
    String where = String.join(" AND ", keys.stream().map(k -> k + " = ?").toList());
    int answer = keys.indexOf("answer");
    for (Object[] row : rows) {
      try (var d = c.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
        for (int i = 0; i < keys.size(); i++) d.setObject(i + 1, row[i]);
        d.executeUpdate();
      }
      row[answer] = erased((String) row[answer]);
      int added;
      try (var u = c.prepareStatement("UPDATE " + table + " SET n = n + ? WHERE " + where)) {
        u.setObject(1, row[keys.size()]);
        for (int i = 0; i < keys.size(); i++) u.setObject(i + 2, row[i]);
        added = u.executeUpdate();
      }
      if (added == 0) {
        try (var i = c.prepareStatement("INSERT INTO " + table + " (" + keyList + ", n) VALUES ("
            + String.join(", ", Collections.nCopies(keys.size() + 1, "?")) + ")")) {
          for (int k = 0; k < row.length; k++) i.setObject(k + 1, row[k]);
          i.executeUpdate();
        }
      }
    }
    return rows.size();
  }
}
