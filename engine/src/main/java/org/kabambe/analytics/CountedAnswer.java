package org.kabambe.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer as the rollup counted it: the cells of {@code answer_daily} and {@code answer_field_daily} it added
 * one to. Kept per run and question so that a later answer to the same question (the participant went Back)
 * takes exactly these ones away again: a run counts its final answer only.
 *
 * @param fields the breakdown contact fields' values when it was counted (field name to value; absent: no value)
 */
record CountedAnswer(String nodeId, String name, LocalDate day, String language, String arm, String value,
                     Map<String, String> fields) {
  static final int MAX_VALUE = 100;
  private static final char UNIT = '\u001f';
  private static final char RECORD = '\u001e';

  /** The question this answers: a node and the name it saves under. */
  String question() {
    return nodeId + UNIT + name;
  }

  /** A value as the tables keep it: at most 100 characters, without the separators used by {@link #encode}. */
  static String clip(String value) {
    String v = value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
    return v.indexOf(UNIT) < 0 && v.indexOf(RECORD) < 0 ? v : v.replace(UNIT, ' ').replace(RECORD, ' ');
  }

  /** The answers of a live run, for {@code flow_runs.answered} (so a restart can still replace them). */
  static String encode(Collection<CountedAnswer> answers) {
    var sb = new StringBuilder();
    for (CountedAnswer a : answers) {
      if (!sb.isEmpty()) sb.append(RECORD);
      sb.append(a.nodeId).append(UNIT).append(a.name).append(UNIT).append(a.day).append(UNIT).append(a.language)
          .append(UNIT).append(a.arm).append(UNIT).append(a.value);
      a.fields.forEach((k, v) -> sb.append(UNIT).append(k).append(UNIT).append(v));
    }
    return sb.toString();
  }

  static Map<String, CountedAnswer> decode(String encoded) {
    var out = new LinkedHashMap<String, CountedAnswer>();
    if (encoded == null || encoded.isEmpty()) return out;
    for (String record : split(encoded, RECORD)) {
      List<String> f = split(record, UNIT);
      var fields = new LinkedHashMap<String, String>();
      for (int i = 6; i + 1 < f.size(); i += 2) fields.put(f.get(i), f.get(i + 1));
      var a = new CountedAnswer(f.get(0), f.get(1), LocalDate.parse(f.get(2)), f.get(3), f.get(4), f.get(5), fields);
      out.put(a.question(), a);
    }
    return out;
  }

  private static List<String> split(String s, char separator) {
    var out = new ArrayList<String>();
    int from = 0;
    for (int i = s.indexOf(separator); i >= 0; i = s.indexOf(separator, from)) {
      out.add(s.substring(from, i));
      from = i + 1;
    }
    out.add(s.substring(from));
    return out;
  }
}
