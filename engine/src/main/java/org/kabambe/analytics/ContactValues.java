package org.kabambe.analytics;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A participant's language and breakdown fields (e.g. {@code district}) as answers are counted under them: read
 * from {@code contacts} the first time a number answers (the hop that changed a contact committed it with its
 * events, so the row is at least that new), then kept up to date from {@code language_changed} and
 * {@code contact_updated} events. A bounded cache: numbers not seen for a while are read again.
 */
final class ContactValues {
  /** One contact's values; {@code fields} holds only the breakdown fields that have a value. */
  record Values(String language, Map<String, String> fields) {}

  private static final int IN_CLAUSE = 500;
  private final Supplier<Set<String>> breakdownFields;
  private final Map<String, Values> byPhone;
  private Set<String> fields = Set.of();

  ContactValues(int capacity, Supplier<Set<String>> breakdownFields) {
    this.breakdownFields = breakdownFields;
    byPhone = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Values> eldest) {
        return size() > capacity;
      }
    };
  }

  Values of(String phone) {
    return byPhone.getOrDefault(phone, new Values("", Map.of()));
  }

  void languageChanged(String phone, String language) {
    Values v = byPhone.get(phone);
    if (v != null) byPhone.put(phone, new Values(language, v.fields()));
  }

  /** {@code detail} is the event's {@code field=value}. */
  void fieldChanged(String phone, String detail) {
    Values v = byPhone.get(phone);
    int eq = detail.indexOf('=');
    if (v == null || eq < 0 || !fields.contains(detail.substring(0, eq))) return;
    var m = new LinkedHashMap<>(v.fields());
    m.put(detail.substring(0, eq), CountedAnswer.clip(detail.substring(eq + 1)));
    byPhone.put(phone, new Values(v.language(), m));
  }

  /** Reads the numbers not cached (the breakdown fields may have changed with a reload: then all of them). */
  void prefetch(Connection c, Collection<String> phones) throws SQLException {
    Set<String> now = Set.copyOf(breakdownFields.get());
    if (!now.equals(fields)) {
      byPhone.clear();
      fields = now;
    }
    var missing = new ArrayList<String>();
    for (String p : new LinkedHashSet<>(phones)) if (!byPhone.containsKey(p)) missing.add(p);
    for (int i = 0; i < missing.size(); i += IN_CLAUSE) load(c, missing.subList(i, Math.min(missing.size(), i + IN_CLAUSE)));
  }

  void clear() {
    byPhone.clear();
  }

  private void load(Connection c, List<String> phones) throws SQLException {
    String sql = "SELECT phone, language, field_values FROM contacts WHERE phone IN ("
        + String.join(",", Collections.nCopies(phones.size(), "?")) + ")";
    try (var s = c.prepareStatement(sql)) {
      for (int i = 0; i < phones.size(); i++) s.setString(i + 1, phones.get(i));
      try (var rs = s.executeQuery()) {
        while (rs.next()) byPhone.put(rs.getString(1), new Values(text(rs.getString(2)), fields(rs.getString(3))));
      }
    }
    for (String p : phones) byPhone.putIfAbsent(p, new Values("", Map.of()));
  }

  private Map<String, String> fields(String json) {
    if (fields.isEmpty() || json == null || json.isEmpty()) return Map.of();
    var out = new LinkedHashMap<String, String>();
    try {
      JsonObject o = new JsonObject(json);
      for (String f : fields) {
        Object v = o.getValue(f);
        if (v != null) out.put(f, CountedAnswer.clip(String.valueOf(v)));
      }
    } catch (RuntimeException e) {
      return Map.of(); // not JSON: no breakdown values rather than no figures
    }
    return out;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
