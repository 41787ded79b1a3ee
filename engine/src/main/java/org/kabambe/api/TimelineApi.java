package org.kabambe.api;

import static org.kabambe.api.QueryParams.param;
import static org.kabambe.api.QueryParams.round;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.analytics.Timeline;
import org.kabambe.analytics.TimelineMarker;
import org.kabambe.analytics.TimelinePoint;
import org.kabambe.export.Csv;

/**
 * {@code GET /api/flows/:id/timeline} and {@code GET /api/timeline} (the whole programme): the figures period by
 * period, with broadcast and version markers. Parameters: {@code interval=day|hour}; {@code from}, {@code to}
 * (to exclusive; dates for days, default the last 30; date-times for hours, default the last 48, UTC when no
 * offset is given); {@code channel}; {@code format=json|csv} (or {@code Accept: text/csv}).
 */
final class TimelineApi {
  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 731;
  static final int DEFAULT_HOURS = 48;
  static final int MAX_HOURS = 48;
  static final List<String> COLUMNS = List.of("period", "participants", "runs_started", "completed", "dropped",
      "completion_rate", "median_seconds_to_complete", "markers");

  private final Timeline timeline;
  private final Clock clock;

  TimelineApi(Timeline timeline, Clock clock) {
    this.timeline = timeline;
    this.clock = clock;
  }

  /** The validated request: the range as instants, whole days or hours. */
  record Request(String interval, Instant from, Instant to, Optional<String> channel, boolean csv) {
    boolean hourly() {
      return interval.equals("hour");
    }
  }

  /** The answer for {@code flowId} (empty: the programme): JSON, or a {@link CsvFile}. */
  Object answer(RoutingContext ctx, Optional<String> flowId) {
    Request r = parse(ctx);
    List<TimelinePoint> points = r.hourly() ? timeline.hours(flowId, r.from(), r.to(), r.channel())
        : timeline.days(flowId, day(r.from()), day(r.to()), r.channel());
    List<TimelineMarker> markers = timeline.markers(flowId, r.from(), r.to());
    if (r.csv()) return csv(flowId, r, points, markers);
    var periods = new JsonArray();
    for (TimelinePoint p : points) {
      periods.add(new JsonObject().put("period", p.period()).put("participants", p.participants())
          .put("runs_started", p.runs()).put("completed", p.completed()).put("dropped", p.dropped())
          .put("completion_rate", round(p.completionRate()))
          .put("median_seconds_to_complete", p.medianSecondsToComplete().isPresent()
              ? round(p.medianSecondsToComplete().getAsDouble()) : null));
    }
    var marks = new JsonArray();
    for (TimelineMarker m : markers) {
      marks.add(new JsonObject().put("at", m.at().toString()).put("period", period(r, m.at())).put("kind", m.kind())
          .put("name", m.name()).put("flow", m.flowId().isEmpty() ? null : m.flowId())
          .put(m.kind().equals("broadcast") ? "broadcast" : "hash", m.ref()));
    }
    return new JsonObject().put("flow", flowId.orElse(null)).put("scope", flowId.isPresent() ? "flow" : "programme")
        .put("interval", r.interval()).put("from", label(r, r.from())).put("to", label(r, r.to()))
        .put("channel", r.channel().orElse("all")).put("periods", periods).put("markers", marks);
  }

  Request parse(RoutingContext ctx) {
    return parse(ctx, Optional.empty());
  }

  /**
   * As {@link #parse(RoutingContext)}, but without {@code from} and {@code to} the range starts at {@code since}
   * (a broadcast's start): per day up to today, per hour its first {@link #DEFAULT_HOURS} hours.
   */
  Request parse(RoutingContext ctx, Optional<Instant> since) {
    String interval = param(ctx, "interval").orElse("day").toLowerCase(Locale.ROOT);
    if (!interval.equals("day") && !interval.equals("hour")) {
      throw new BadParameter("interval", "interval must be day or hour (got '" + param(ctx, "interval").get() + "')");
    }
    Optional<String> channel = QueryParams.channel(ctx);
    boolean csv = QueryParams.csv(ctx);
    Instant now = clock.instant();
    Instant from;
    Instant to;
    if (interval.equals("day")) {
      LocalDate end = param(ctx, "to").map(v -> date("to", v)).orElse(day(now).plusDays(1));
      LocalDate start = param(ctx, "from").map(v -> date("from", v)).orElseGet(() -> since.map(TimelineApi::day)
          .filter(end::isAfter).map(d -> d.isBefore(end.minusDays(MAX_DAYS)) ? end.minusDays(MAX_DAYS) : d)
          .orElse(end.minusDays(DEFAULT_DAYS)));
      from = midnight(start);
      to = midnight(end);
      check(from, to, ChronoUnit.DAYS.between(start, end) > MAX_DAYS, "at most " + MAX_DAYS + " days");
    } else {
      Optional<Instant> first = param(ctx, "from").isEmpty() && param(ctx, "to").isEmpty()
          ? since.map(s -> s.truncatedTo(ChronoUnit.HOURS)) : Optional.empty();
      Instant end = param(ctx, "to").map(v -> hour("to", v, true))
          .orElse(first.map(s -> s.plus(DEFAULT_HOURS, ChronoUnit.HOURS))
              .orElse(now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)));
      Instant start = param(ctx, "from").map(v -> hour("from", v, false))
          .orElse(end.minus(DEFAULT_HOURS, ChronoUnit.HOURS));
      from = start;
      to = end;
      check(from, to, Duration.between(start, end).toHours() > MAX_HOURS,
          "at most " + MAX_HOURS + " hours (use interval=day for longer)");
    }
    return new Request(interval, from, to, channel, csv);
  }

  private static void check(Instant from, Instant to, boolean tooLong, String limit) {
    if (!from.isBefore(to)) {
      throw new BadParameter("from", "from must be before to (to is exclusive; got from " + from + ", to " + to + ")");
    }
    if (tooLong) throw new BadParameter("from", "the range from " + from + " to " + to + " is too long: " + limit);
  }

  private static LocalDate date(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadParameter(name, name + " must be a date like 2026-03-01 (got '" + value + "')");
    }
  }

  /** A date-time (with an offset, or UTC without one) or a date (its midnight), to the hour: from down, to up. */
  private static Instant hour(String name, String value, boolean roundUp) {
    Instant at;
    try {
      if (value.length() == 10) {
        at = midnight(LocalDate.parse(value));
      } else if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:?\\d{2}$")) {
        at = OffsetDateTime.parse(value).toInstant();
      } else {
        at = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      throw new BadParameter(name, name + " must be a date-time like 2026-03-01T14:00:00Z or a date like 2026-03-01"
          + " (got '" + value + "')");
    }
    Instant down = at.truncatedTo(ChronoUnit.HOURS);
    return roundUp && !down.equals(at) ? down.plus(1, ChronoUnit.HOURS) : down;
  }

  private static CsvFile csv(Optional<String> flowId, Request r, List<TimelinePoint> points,
                             List<TimelineMarker> markers) {
    var out = new StringWriter();
    try {
      out.write(Csv.BOM);
      Csv.row(out, COLUMNS);
      for (TimelinePoint p : points) {
        var names = new ArrayList<String>();
        for (TimelineMarker m : markers) if (period(r, m.at()).equals(p.period())) names.add(m.name());
        Csv.row(out, List.of(p.period(), Long.toString(p.participants()), Long.toString(p.runs()),
            Long.toString(p.completed()), Long.toString(p.dropped()), Double.toString(round(p.completionRate())),
            p.medianSecondsToComplete().isPresent() ? Double.toString(round(p.medianSecondsToComplete().getAsDouble()))
                : "", String.join("; ", names)));
      }
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    String name = flowId.orElse("programme") + "-timeline-" + r.interval() + "-" + label(r, r.from()).replace(":", "")
        + r.channel().map(c -> "-" + c).orElse("") + ".csv";
    return new CsvFile(name, out.toString());
  }

  /** The label of the period {@code at} falls in. */
  static String period(Request r, Instant at) {
    return r.hourly() ? at.truncatedTo(ChronoUnit.HOURS).toString() : day(at).toString();
  }

  static String label(Request r, Instant at) {
    return r.hourly() ? at.toString() : day(at).toString();
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static Instant midnight(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

}
