package org.kabambe.flow.campaign;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.kabambe.flow.Text;

/**
 * One step of a campaign: a text or an SMS flow to start, at a time relative to joining or to a contact date field.
 *
 * @param key    what identifies the step across edits of the file: its {@code id:} if written, else its
 *               1-based position ("1", "2", ...). A subscriber is never sent the same key twice.
 * @param anchor when it is due
 * @param hour   local delivery hour; empty for a {@code +2h}-style offset without an hour (exact instant)
 */
public record CampaignMessage(
    String key,
    Anchor anchor,
    Optional<LocalTime> hour,
    Optional<Text> text,
    Optional<String> flow,
    SourcePos pos) {

  /** When a message is due. */
  public interface Anchor {}

  /** {@code at: "+2d"}: this long after joining. */
  public record AfterJoin(Duration offset) implements Anchor {}

  /** {@code at: "day 3"}: on the third day after the join day (day 0 is the join day). */
  public record JoinDay(int day) implements Anchor {}

  /** {@code at: {field: due_date, offset: -14d}}: days before/after a contact date field. */
  public record FieldDate(String field, int offsetDays) implements Anchor {}
}
