package org.kabambe.flow.parse;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kabambe.connectors.duration.DurationText;
import org.kabambe.diag.Diagnostics;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.Text;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.campaign.QuietHours;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.input.WordFolding;

/**
 * Reads a campaign file, {@code flows/campaigns/*.yaml}; every finding carries its position:
 * <pre>
 * campaign: climate-tips
 * title: Climate tips
 * languages: [en, fr]
 * join: [TIPS, ASTUCES]          # or by language: {en: [TIPS], fr: [ASTUCES]}
 * leave: [NOTIPS]
 * hour: "09:00"                 # default delivery hour
 * quiet_hours: "21:00-07:00"
 * timezone: Africa/Kigali       # default: the deployment's
 * validity: 24h                 # a message later than this after its time is recorded as missed
 * messages:
 *   - {id: welcome, at: "+0d", text: {en: ..., fr: ...}}
 *   - {at: "day 3", hour: "18:00", text: ...}
 *   - {at: {field: due_date, offset: -14d}, flow: anc-reminder}
 * </pre>
 */
public final class CampaignParser {
  private static final Pattern HOUR = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
  private static final Pattern DAY = Pattern.compile("day\\s+(\\d{1,4})");
  private static final Pattern SIGNED = Pattern.compile("([+-]?)(\\d{1,6}[smhd])");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

  private CampaignParser() {}

  public static Optional<Campaign> parse(String file, byte[] bytes, ContactFields fields, Diagnostics diagnostics) {
    Diagnostics own = new Diagnostics();
    Optional<Campaign> c = SafeYamlReader.read(file, bytes, own).flatMap(doc -> read(doc, fields));
    diagnostics.addAll(own.sorted());
    return own.hasErrors() ? Optional.empty() : c;
  }

  private static Optional<Campaign> read(YamlDocument doc, ContactFields fields) {
    Optional<YamlMap> root = doc.root("the campaign file").map().map(m -> m.describedAs("the campaign file"));
    if (root.isEmpty()) return Optional.empty();
    YamlMap m = root.get();
    m.allowOnly(List.of("campaign", "title", "languages", "join", "leave", "hour", "quiet_hours", "timezone",
        "validity", "messages"));
    Optional<String> id = m.required("campaign").flatMap(YamlValue::text);
    id.ifPresent(i -> {
      if (!ID.matcher(i).matches()) {
        m.required("campaign").get().error("campaign id '" + i + "' should be lower-case letters, digits, - or _");
      }
    });
    String title = m.optional("title").flatMap(YamlValue::text).orElse(id.orElse(""));
    List<String> languages = m.required("languages").flatMap(YamlValue::list).map(CampaignParser::texts)
        .orElse(List.of());
    Map<String, List<String>> joinWords = new LinkedHashMap<>();
    Map<String, List<String>> leaveWords = new LinkedHashMap<>();
    List<String> join = m.optional("join").map(v -> keywords(v, joinWords)).orElse(List.of());
    List<String> leave = m.optional("leave").map(v -> keywords(v, leaveWords)).orElse(List.of());
    for (String w : leave) {
      if (join.contains(w)) m.optional("leave").get().error("'" + w + "' is both a join and a leave keyword");
    }
    LocalTime hour = m.optional("hour").flatMap(CampaignParser::hour).orElse(Campaign.DEFAULT_HOUR);
    Optional<QuietHours> quiet = m.optional("quiet_hours").flatMap(CampaignParser::quietHours);
    Optional<ZoneId> zone = m.optional("timezone").flatMap(CampaignParser::zone);
    Duration validity = m.optional("validity").flatMap(YamlValue::duration).orElse(Campaign.DEFAULT_VALIDITY);
    quiet.ifPresent(q -> {
      if (q.contains(hour)) m.optional("hour").orElse(m.optional("quiet_hours").get())
          .warning("the delivery hour " + hour + " is inside the quiet hours " + q + "; messages move to " + q.end());
    });

    List<CampaignMessage> messages = new ArrayList<>();
    Optional<List<YamlValue>> items = m.required("messages").flatMap(YamlValue::list);
    Set<String> keys = new HashSet<>();
    if (items.isPresent()) {
      if (items.get().isEmpty()) m.required("messages").get().error("the campaign has no messages");
      int n = 0;
      for (YamlValue item : items.get()) {
        n++;
        String what = "message " + n;
        message(item.describedAs(what), n, languages, fields, quiet, hour).ifPresent(msg -> {
          if (!keys.add(msg.key())) item.error("two messages have the id '" + msg.key() + "'; ids must be unique");
          messages.add(msg);
        });
      }
    }
    if (id.isEmpty()) return Optional.empty();
    return Optional.of(new Campaign(id.get(), title, languages, join, leave, messages, hour, quiet, zone, validity,
        m.pos(), joinWords, leaveWords));
  }

  private static Optional<CampaignMessage> message(YamlValue v, int n, List<String> languages, ContactFields fields,
                                                   Optional<QuietHours> quiet, LocalTime defaultHour) {
    Optional<YamlMap> mm = v.map().map(x -> x.describedAs(v.what()));
    if (mm.isEmpty()) return Optional.empty();
    YamlMap m = mm.get();
    m.allowOnly(List.of("id", "at", "hour", "text", "flow"));
    String key = String.valueOf(n);
    Optional<YamlValue> idv = m.optional("id");
    if (idv.isPresent()) {
      Optional<String> id = idv.get().text();
      if (id.isPresent() && ID.matcher(id.get()).matches() && !id.get().matches("\\d+")) {
        key = id.get();
      } else if (id.isPresent()) {
        idv.get().error("message id '" + id.get() + "' should be lower-case letters, digits, - or _ (not only digits)");
      }
    }
    Optional<CampaignMessage.Anchor> anchor = m.required("at").flatMap(a -> anchor(a, fields));
    Optional<LocalTime> hour = m.optional("hour").flatMap(CampaignParser::hour);
    Optional<Text> text = m.optional("text").flatMap(TextReader::read);
    Optional<String> flow = m.optional("flow").flatMap(YamlValue::text);
    if (m.has("text") == m.has("flow")) {
      m.error(v.what() + " needs either 'text' (an SMS) or 'flow' (an SMS flow to start), not "
          + (m.has("text") ? "both" : "neither"));
    }
    text.ifPresent(t -> {
      if (t.isUniversal()) return;
      for (String lang : languages) {
        if (t.exactly(lang).isEmpty()) m.optional("text").get().error("the text of " + v.what()
            + " has no '" + lang + "' translation; the campaign declares languages " + languages);
      }
    });
    if (hour.isPresent() && quiet.isPresent() && quiet.get().contains(hour.get())) {
      m.optional("hour").get().warning("the hour " + hour.get() + " is inside the quiet hours " + quiet.get()
          + "; the message moves to " + quiet.get().end());
    }
    if (anchor.isEmpty()) return Optional.empty();
    return Optional.of(new CampaignMessage(key, anchor.get(), hour, text, flow, m.pos()));
  }

  private static Optional<CampaignMessage.Anchor> anchor(YamlValue v, ContactFields fields) {
    v = v.describedAs("'at'");
    if (v.isMap()) {
      Optional<YamlMap> mm = v.map();
      if (mm.isEmpty()) return Optional.empty();
      YamlMap m = mm.get().describedAs("'at'");
      m.allowOnly(List.of("field", "offset"));
      Optional<YamlValue> fv = m.required("field");
      Optional<String> field = fv.flatMap(YamlValue::text);
      int days = m.optional("offset").flatMap(o -> signed(o).map(d -> {
        if (d.toHours() % 24 != 0) o.error("an offset from a date field is in whole days, like -14d or 7d");
        return (int) d.toDays();
      })).orElse(0);
      if (field.isEmpty()) return Optional.empty();
      ContactField declared = fields.declared().get(field.get());
      if (declared == null) {
        fv.get().error("'" + field.get() + "' is not a contact field declared in fields.yaml");
        return Optional.empty();
      }
      if (declared.type() != ValueType.DATE) {
        fv.get().error("'" + field.get() + "' is a " + declared.type().toString().toLowerCase()
            + " field; a message can only be timed from a date field");
        return Optional.empty();
      }
      return Optional.of(new CampaignMessage.FieldDate(field.get(), days));
    }
    Optional<String> t = v.text();
    if (t.isEmpty()) return Optional.empty();
    Matcher day = DAY.matcher(t.get().strip());
    if (day.matches()) return Optional.of(new CampaignMessage.JoinDay(Integer.parseInt(day.group(1))));
    Matcher plus = SIGNED.matcher(t.get().strip());
    if (plus.matches() && !plus.group(1).equals("-")) {
      return DurationText.parse(plus.group(2)).map(CampaignMessage.AfterJoin::new);
    }
    v.error("'at' should be an offset after joining like \"+2d\", a day like \"day 3\", or a date field like "
        + "{field: due_date, offset: -14d}; '" + t.get() + "' is none of these");
    return Optional.empty();
  }

  private static Optional<Duration> signed(YamlValue v) {
    Optional<String> t = v.text();
    if (t.isEmpty()) return Optional.empty();
    Matcher m = SIGNED.matcher(t.get().strip());
    if (!m.matches()) {
      v.error("'offset' should be a signed duration in days, like -14d or 7d; '" + t.get() + "' is not one");
      return Optional.empty();
    }
    Duration d = DurationText.parse(m.group(2)).orElseThrow();
    return Optional.of(m.group(1).equals("-") ? d.negated() : d);
  }

  static Optional<LocalTime> hour(YamlValue v) {
    Optional<String> t = v.text();
    if (t.isEmpty()) return Optional.empty();
    Optional<LocalTime> h = parseHour(t.get());
    if (h.isEmpty()) v.error(v.what() + " should be a local time like \"09:00\"; '" + t.get() + "' is not one");
    return h;
  }

  private static Optional<LocalTime> parseHour(String s) {
    Matcher m = HOUR.matcher(s.strip());
    if (!m.matches()) return Optional.empty();
    return Optional.of(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }

  private static Optional<QuietHours> quietHours(YamlValue v) {
    Optional<String> t = v.text();
    if (t.isEmpty()) return Optional.empty();
    String[] parts = t.get().split("-");
    if (parts.length == 2) {
      Optional<LocalTime> a = parseHour(parts[0]);
      Optional<LocalTime> b = parseHour(parts[1]);
      if (a.isPresent() && b.isPresent()) return Optional.of(new QuietHours(a.get(), b.get()));
    }
    v.error("'quiet_hours' should be a window like \"21:00-07:00\"; '" + t.get() + "' is not one");
    return Optional.empty();
  }

  private static Optional<ZoneId> zone(YamlValue v) {
    Optional<String> t = v.text();
    if (t.isEmpty()) return Optional.empty();
    try {
      return Optional.of(ZoneId.of(t.get().strip()));
    } catch (DateTimeException e) {
      v.error("'timezone' should be a time zone like Africa/Nairobi or UTC; '" + t.get() + "' is not one");
      return Optional.empty();
    }
  }

  private static List<String> texts(List<YamlValue> items) {
    List<String> out = new ArrayList<>();
    for (YamlValue i : items) i.text().ifPresent(out::add);
    return out;
  }

  /**
   * A keyword list, or lists by language ({@code {en: [TIPS], fr: [ASTUCES]}}, put in {@code byLanguage}); returns
   * every word, folded, once.
   */
  private static List<String> keywords(YamlValue v, Map<String, List<String>> byLanguage) {
    List<String> out = new ArrayList<>();
    if (v.isMap()) {
      v.map().ifPresent(m -> {
        for (YamlEntry e : m.entries()) {
          if (!LANGUAGE.matcher(e.key()).matches()) {
            e.value().error("'" + e.key() + "' is not a language code like en or fr; give keywords as a list, or "
                + "as lists by language");
            continue;
          }
          List<String> words = wordList(e.value());
          byLanguage.put(e.key(), words);
          for (String w : words) if (!out.contains(w)) out.add(w);
        }
      });
      return out;
    }
    return wordList(v);
  }

  private static List<String> wordList(YamlValue v) {
    List<String> out = new ArrayList<>();
    v.list().ifPresent(items -> {
      for (YamlValue item : items) {
        item.text().ifPresent(word -> {
          String f = WordFolding.fold(word);
          if (f.isEmpty() || f.contains(" ")) item.error("keyword '" + word + "' should be one word of letters or digits");
          else if (!out.contains(f)) out.add(f);
        });
      }
    });
    return out;
  }
}
