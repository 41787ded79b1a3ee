package org.kabambe.retention;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;

/**
 * How long each kind of raw data is kept before the daily purge removes it (empty: kept for good). The figures do
 * not read these rows: their daily tables keep the counts, so past months' dashboards stay as they were.
 *
 * @param events             raw events (the trail of every hop), counted rows only
 * @param answers            raw answers (the results export and cross-tabs read them), counted rows only
 * @param endedConversations conversation states of ended sessions (what a participant saw and typed last)
 * @param outboxBodies       the text of SMS that reached a final status (the row stays: message figures count it)
 * @param audit              the audit trail of administrative changes
 */
public record RetentionSettings(Optional<Duration> events, Optional<Duration> answers,
                                Optional<Duration> endedConversations, Optional<Duration> outboxBodies,
                                Optional<Duration> audit) {
  /** The defaults (README, "Retention"): a quarter for the hop trail, a programme year for results, two for audit. */
  public static final RetentionSettings DEFAULTS = new RetentionSettings(Optional.of(Duration.ofDays(90)),
      Optional.of(Duration.ofDays(365)), Optional.of(Duration.ofDays(30)), Optional.of(Duration.ofDays(30)),
      Optional.of(Duration.ofDays(730)));
  /** What keeps a kind for good, instead of a duration. */
  public static final String FOREVER = "forever";
  private static final Set<String> KEYS = Set.of("events", "answers", "ended_conversations", "outbox_bodies",
      "audit");

  /** The {@code retention:} section of the config file; a kind not named keeps its default. */
  public static RetentionSettings read(YamlMap m) {
    m.allowOnly(KEYS);
    return new RetentionSettings(kind(m, "events", DEFAULTS.events), kind(m, "answers", DEFAULTS.answers),
        kind(m, "ended_conversations", DEFAULTS.endedConversations),
        kind(m, "outbox_bodies", DEFAULTS.outboxBodies), kind(m, "audit", DEFAULTS.audit));
  }

  private static Optional<Duration> kind(YamlMap m, String key, Optional<Duration> standard) {
    Optional<YamlValue> value = m.optional(key);
    if (value.isEmpty()) return standard;
    if (value.get().text().filter(FOREVER::equals).isPresent()) return Optional.empty();
    Optional<Duration> d = value.get().duration();
    if (d.isPresent() && d.get().compareTo(Duration.ofDays(1)) < 0) {
      value.get().error("retention: " + key + " must be at least 1d (or '" + FOREVER + "'): the purge runs daily "
          + "and the figures must have counted a row before it goes");
      return standard;
    }
    return d.isPresent() ? d : standard;
  }
}
