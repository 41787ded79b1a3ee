package org.kabambe.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.campaign.QuietHours;

class ScheduleTest {
  static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi"); // UTC+3
  static final QuietHours NIGHT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(7, 0));

  static Campaign campaign(Optional<QuietHours> quiet, CampaignMessage... ms) {
    return new Campaign("c", "c", List.of("en"), List.of(), List.of(), List.of(ms), LocalTime.of(9, 0), quiet,
        Optional.empty(), Duration.ofHours(24), null);
  }

  static CampaignMessage msg(CampaignMessage.Anchor a, LocalTime hour) {
    return new CampaignMessage("1", a, Optional.ofNullable(hour), Optional.empty(), Optional.of("f"), null);
  }

  static Instant due(Campaign c, Instant joined, Map<String, LocalDate> dates, ZoneId zone) {
    return Schedule.dueAt(c, c.messages().get(0), joined, dates, zone).orElseThrow();
  }

  @Test
  void dayNIsTheLocalDateAtTheHourInTheZone() {
    Campaign c = campaign(Optional.empty(), msg(new CampaignMessage.JoinDay(3), null));
    // 22:30 UTC on 1 March is already 01:30 on 2 March in Nairobi: day 3 is 5 March, 09:00 local = 06:00 UTC.
    assertEquals(Instant.parse("2026-03-05T06:00:00Z"), due(c, Instant.parse("2026-03-01T22:30:00Z"), Map.of(), NAIROBI));
    assertEquals(Instant.parse("2026-03-04T09:00:00Z"),
        due(c, Instant.parse("2026-03-01T22:30:00Z"), Map.of(), ZoneId.of("UTC")));
  }

  @Test
  void quietHoursPostponeToTheirEnd() {
    Campaign c = campaign(Optional.of(NIGHT), msg(new CampaignMessage.AfterJoin(Duration.ofDays(2)), null));
    // joined 23:10 local: +2d is 23:10 local, inside 21:00-07:00, so 07:00 local the day after.
    Instant joined = LocalDate.of(2026, 3, 1).atTime(23, 10).atZone(NAIROBI).toInstant();
    assertEquals(LocalDate.of(2026, 3, 4).atTime(7, 0).atZone(NAIROBI).toInstant(), due(c, joined, Map.of(), NAIROBI));
    // joined 05:00 local: 05:00 two days later is quiet too, postponed the same morning.
    Instant early = LocalDate.of(2026, 3, 1).atTime(5, 0).atZone(NAIROBI).toInstant();
    assertEquals(LocalDate.of(2026, 3, 3).atTime(7, 0).atZone(NAIROBI).toInstant(), due(c, early, Map.of(), NAIROBI));
  }

  @Test
  void aJoinDayHourAlreadyPassedIsSentOnJoining() {
    Campaign c = campaign(Optional.of(NIGHT), msg(new CampaignMessage.JoinDay(0), LocalTime.of(9, 0)));
    Instant joined = LocalDate.of(2026, 3, 1).atTime(15, 0).atZone(NAIROBI).toInstant();
    assertEquals(joined, due(c, joined, Map.of(), NAIROBI));
  }

  @Test
  void fieldDatePlusOffset() {
    Campaign c = campaign(Optional.empty(), msg(new CampaignMessage.FieldDate("due_date", -14), LocalTime.of(10, 0)));
    Instant joined = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(LocalDate.of(2026, 5, 18).atTime(10, 0).atZone(NAIROBI).toInstant(),
        due(c, joined, Map.of("due_date", LocalDate.of(2026, 6, 1)), NAIROBI));
    assertEquals(Optional.empty(), Schedule.dueAt(c, c.messages().get(0), joined, Map.of(), NAIROBI));
  }
}
