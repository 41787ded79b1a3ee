package org.kabambe.flow.campaign;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;

/**
 * A campaign from {@code flows/campaigns/*.yaml}: keyword (or flow {@code subscribe:}) subscriptions to a sequence
 * of messages or SMS flows. Keywords are stored folded ({@link org.kabambe.input.WordFolding}).
 *
 * @param join       every join keyword, whatever its language (what inbound SMS are matched against)
 * @param joinWords  join keywords by language, when the file groups them so ({@code join: {en: [TIPS]}}): which
 *                   one to name to a person who reads that language (HELP)
 * @param leaveWords leave keywords by language, likewise (the subscription confirmation names one)
 * @param hour       the default local delivery hour of a message that names none
 * @param timezone   empty: the deployment's time zone
 * @param validity   how late a message may still be sent (after a restart); later it is recorded as missed
 */
public record Campaign(
    String id,
    String title,
    List<String> languages,
    List<String> join,
    List<String> leave,
    List<CampaignMessage> messages,
    LocalTime hour,
    Optional<QuietHours> quietHours,
    Optional<ZoneId> timezone,
    Duration validity,
    SourcePos pos,
    Map<String, List<String>> joinWords,
    Map<String, List<String>> leaveWords) {

  public static final LocalTime DEFAULT_HOUR = LocalTime.of(9, 0);
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);

  public Campaign {
    languages = List.copyOf(languages);
    join = List.copyOf(join);
    leave = List.copyOf(leave);
    messages = List.copyOf(messages);
    joinWords = Map.copyOf(joinWords);
    leaveWords = Map.copyOf(leaveWords);
  }

  /** Keywords not grouped by language. */
  public Campaign(String id, String title, List<String> languages, List<String> join, List<String> leave,
                  List<CampaignMessage> messages, LocalTime hour, Optional<QuietHours> quietHours,
                  Optional<ZoneId> timezone, Duration validity, SourcePos pos) {
    this(id, title, languages, join, leave, messages, hour, quietHours, timezone, validity, pos, Map.of(), Map.of());
  }

  /** The join keyword to name to a person who reads {@code lang} (folded): that language's first, else the first. */
  public Optional<String> joinKeyword(String lang) {
    return keyword(joinWords, join, lang);
  }

  /** The leave keyword to name to a person who reads {@code lang} (folded), likewise. */
  public Optional<String> leaveKeyword(String lang) {
    return keyword(leaveWords, leave, lang);
  }

  private static Optional<String> keyword(Map<String, List<String>> byLanguage, List<String> all, String lang) {
    List<String> own = byLanguage.getOrDefault(lang, List.of());
    return own.isEmpty() ? all.stream().findFirst() : Optional.of(own.get(0));
  }

  /**
   * What due times depend on (steps' keys, anchors and hours, the default hour, quiet hours, time zone, validity),
   * not texts: a reload that changes only wording needs no rescan of the subscriptions.
   */
  public String scheduleFingerprint() {
    StringBuilder sb = new StringBuilder(id).append('|').append(hour).append('|').append(quietHours).append('|')
        .append(timezone).append('|').append(validity);
    for (CampaignMessage m : messages) {
      sb.append('|').append(m.key()).append(':').append(m.anchor()).append('@').append(m.hour())
          .append(m.flow().isPresent() ? "flow" : "text");
    }
    return sb.toString();
  }

  /** The time zone messages are scheduled in: the campaign's own, else the deployment's. */
  public ZoneId zone(ZoneId deployment) {
    return timezone.orElse(deployment);
  }
}
