package org.kabambe.analytics;

import java.util.Locale;

/** Participants grouped by how deeply they engage, for recruiting focus groups or follow-up surveys. */
public enum Segment {
  /** Completed at least N different flows. */
  COMPLETED_AT_LEAST,
  /** Started a flow but completed none. */
  STARTED_NEVER_COMPLETED,
  /** Started a flow but never gave a valid answer. */
  REACHED_NEVER_REPLIED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Segment parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("segment must be completed_at_least, started_never_completed or "
          + "reached_never_replied (got '" + s + "')");
    }
  }

  /**
   * The participants' numbers in this segment, as SQL over flow_runs (parameters: the period's days, then N for
   * COMPLETED_AT_LEAST). The simulator's fictional numbers are nobody to recruit: left out.
   */
  String sql() {
    String runs = "SELECT phone FROM flow_runs WHERE start_day >= ? AND start_day < ? AND channel <> '"
        + SimulatedNumbers.CHANNEL + "'";
    return switch (this) {
      case COMPLETED_AT_LEAST -> runs + " AND status = 'completed' GROUP BY phone HAVING COUNT(DISTINCT flow_id) >= ?";
      case STARTED_NEVER_COMPLETED -> runs + " GROUP BY phone HAVING SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0"
          + " END) = 0";
      case REACHED_NEVER_REPLIED -> runs + " GROUP BY phone HAVING SUM(answers) = 0";
    };
  }
}
