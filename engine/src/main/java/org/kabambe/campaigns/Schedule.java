package org.kabambe.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.campaign.CampaignMessage.AfterJoin;
import org.kabambe.flow.campaign.CampaignMessage.FieldDate;
import org.kabambe.flow.campaign.CampaignMessage.JoinDay;

/**
 * When a campaign message is due for one subscriber. Pure: the scheduler calls it with the current campaign file,
 * so an edited offset applies to every subscriber whose step has not been sent yet.
 *
 * <ul>
 *   <li>{@code +2d}: the join instant plus the offset; with an {@code hour}, that local day at the hour.</li>
 *   <li>{@code day N}: the local join date plus N days, at the hour (campaign default 09:00).</li>
 *   <li>{@code {field, offset}}: the contact's date plus the offset, at the hour; empty when the contact has no
 *       such date.</li>
 *   <li>A join-anchored time before the join instant (day 0 at 09:00, joined at 15:00) becomes the join instant.</li>
 *   <li>A time inside quiet hours is postponed to their end.</li>
 * </ul>
 */
public final class Schedule {
  private Schedule() {}

  public static Optional<Instant> dueAt(Campaign c, CampaignMessage m, Instant joinedAt,
                                        Map<String, LocalDate> dates, ZoneId zone) {
    ZonedDateTime joined = joinedAt.atZone(zone);
    ZonedDateTime due;
    boolean joinAnchored = true;
    if (m.anchor() instanceof AfterJoin a) {
      ZonedDateTime t = joined.plus(a.offset());
      due = m.hour().map(h -> t.toLocalDate().atTime(h).atZone(zone)).orElse(t);
    } else if (m.anchor() instanceof JoinDay d) {
      due = joined.toLocalDate().plusDays(d.day()).atTime(m.hour().orElse(c.hour())).atZone(zone);
    } else {
      FieldDate f = (FieldDate) m.anchor();
      LocalDate date = dates.get(f.field());
      if (date == null) return Optional.empty();
      due = date.plusDays(f.offsetDays()).atTime(m.hour().orElse(c.hour())).atZone(zone);
      joinAnchored = false;
    }
    if (joinAnchored && due.isBefore(joined)) due = joined;
    if (c.quietHours().isPresent()) due = c.quietHours().get().nextAllowed(due);
    return Optional.of(due.toInstant());
  }
}
