package org.kabambe.broadcast;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.duration.DurationText;

/**
 * What a broadcast sends and to whom, as the CLI and {@code POST /api/broadcasts} give it.
 *
 * @param arms   arm name to text; one arm named "" for a single message. Texts take {@code {{ contact.x }}}.
 * @param groups contacts in any of these groups (empty: every contact)
 * @param where  a CEL condition over {@code contact.*} (empty: all)
 * @param sample a whole number of contacts, or a percentage ("10%"); empty: everyone who matches
 * @param seed   the random seed of the sample and the arms (recorded, so a re-run draws the same)
 * @param completed     engagement: only contacts who completed this flow
 * @param repliedWithin engagement: only contacts who answered a flow or sent an SMS within this long
 */
public record BroadcastSpec(Map<String, String> arms, List<String> groups, Optional<String> where,
                            Optional<String> sample, long seed, Optional<Instant> at, Optional<String> completed,
                            Optional<Duration> repliedWithin, Optional<String> flow) {
  /** A text broadcast with engagement conditions. */
  public BroadcastSpec(Map<String, String> arms, List<String> groups, Optional<String> where, Optional<String> sample,
                       long seed, Optional<Instant> at, Optional<String> completed,
                       Optional<Duration> repliedWithin) {
    this(arms, groups, where, sample, seed, at, completed, repliedWithin, Optional.empty());
  }

  /** Without engagement conditions. */
  public BroadcastSpec(Map<String, String> arms, List<String> groups, Optional<String> where, Optional<String> sample,
                       long seed, Optional<Instant> at) {
    this(arms, groups, where, sample, seed, at, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public BroadcastSpec {
    arms = Map.copyOf(new LinkedHashMap<>(arms));
    groups = List.copyOf(groups);
    if (arms.isEmpty() == flow.isEmpty()) {
      throw new IllegalArgumentException("a broadcast needs a text (or arms) or a flow, not both");
    }
  }

  /** Ordered arm names ("" for a plain text). */
  public List<String> armNames() {
    return arms.keySet().stream().sorted().toList();
  }

  /** "groups: a,b" or "a,b" */
  public static List<String> parseGroups(String to) {
    String s = to.strip();
    if (s.startsWith("groups:")) s = s.substring("groups:".length());
    List<String> out = new ArrayList<>();
    for (String g : s.split(",")) {
      if (!g.isBlank()) out.add(g.strip());
    }
    return out;
  }

  /** "a:text,b:text" (a comma inside a text: use the API's JSON form) */
  public static Map<String, String> parseArms(String arms) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : arms.split(",")) {
      int colon = part.indexOf(':');
      if (colon <= 0) throw new IllegalArgumentException("arms are name:text pairs separated by commas, like "
          + "\"a:Hello,b:Hi\"; '" + part + "' is not one");
      out.put(part.substring(0, colon).strip(), part.substring(colon + 1).strip());
    }
    return out;
  }

  public JsonObject toJson() {
    JsonObject arm = new JsonObject();
    arms.forEach(arm::put);
    return new JsonObject().put("arms", arm).put("groups", new JsonArray(groups)).put("where", where.orElse(null))
        .put("sample", sample.orElse(null)).put("seed", seed).put("at", at.map(Instant::toString).orElse(null))
        .put("completed", completed.orElse(null))
        .put("replied_within", repliedWithin.map(d -> d.toHours() + "h").orElse(null))
        .put("flow", flow.orElse(null));
  }

  public static BroadcastSpec fromJson(JsonObject j) {
    Map<String, String> arms = new LinkedHashMap<>();
    JsonObject a = j.getJsonObject("arms");
    if (a != null) a.forEach(e -> arms.put(e.getKey(), String.valueOf(e.getValue())));
    if (j.getString("text") != null) arms.put("", j.getString("text"));
    List<String> groups = new ArrayList<>();
    Object to = j.getValue("groups", j.getValue("to"));
    if (to instanceof JsonArray arr) arr.forEach(g -> groups.add(String.valueOf(g)));
    else if (to instanceof String s) groups.addAll(parseGroups(s));
    Object sample = j.getValue("sample");
    Optional<Instant> at = Optional.ofNullable(j.getString("at")).map(Instant::parse);
    return new BroadcastSpec(arms, groups, Optional.ofNullable(j.getString("where")).filter(w -> !w.isBlank()),
        Optional.ofNullable(sample).map(String::valueOf), j.getLong("seed", 1L), at,
        Optional.ofNullable(j.getString("completed")).filter(f -> !f.isBlank()),
        Optional.ofNullable(j.getString("replied_within")).map(BroadcastSpec::duration),
        Optional.ofNullable(j.getString("flow")).filter(f -> !f.isBlank()));
  }

  /** "30d", "12h": {@link org.kabambe.connectors.duration.DurationText} forms. */
  public static Duration duration(String s) {
    return DurationText.parse(s).orElseThrow(() -> new IllegalArgumentException(
        "replied_within should be " + DurationText.FORMS + "; '" + s + "' is not one"));
  }
}
