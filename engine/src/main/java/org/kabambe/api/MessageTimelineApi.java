package org.kabambe.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.kabambe.analytics.MessageTimeline;
import org.kabambe.catalog.Catalog;

/**
 * {@code GET /api/broadcasts/:id/timeline} and {@code GET /api/campaigns/:id/timeline}: a broadcast's or campaign's
 * SMS sent, delivered and failed, and the replies and opt-outs they got, period by period ({@link MessageTimeline}).
 * Parameters as the flow timeline's ({@link TimelineApi}: {@code interval=day|hour}, {@code from}, {@code to}); a
 * broadcast's range starts by default where it started sending, and it is marked there.
 */
final class MessageTimelineApi {
  private final MessageTimeline timeline;
  private final TimelineApi ranges;
  private final Supplier<Catalog> catalog;

  MessageTimelineApi(MessageTimeline timeline, TimelineApi ranges, Supplier<Catalog> catalog) {
    this.timeline = timeline;
    this.ranges = ranges;
    this.catalog = catalog;
  }

  JsonObject broadcast(RoutingContext ctx, long id) {
    Instant start = timeline.broadcastStart(id).orElseThrow(() -> new NotFound("no broadcast " + id));
    TimelineApi.Request r = ranges.parse(ctx, Optional.of(start));
    var markers = new JsonArray();
    if (!start.isBefore(r.from()) && start.isBefore(r.to())) {
      markers.add(new JsonObject().put("at", start.toString()).put("period", TimelineApi.period(r, start))
          .put("kind", "broadcast").put("broadcast", id));
    }
    return answer(r, "broadcast:" + id).put("kind", "broadcast").put("id", id).put("markers", markers);
  }

  JsonObject campaign(RoutingContext ctx, String id) {
    if (!catalog.get().campaigns().containsKey(id)) throw new NotFound("no campaign '" + id + "' is loaded");
    TimelineApi.Request r = ranges.parse(ctx);
    return answer(r, "campaign:" + id).put("kind", "campaign").put("id", id).put("markers", new JsonArray());
  }

  private JsonObject answer(TimelineApi.Request r, String source) {
    List<MessageTimeline.Point> points = timeline.of(source, r.from(), r.to(), r.hourly());
    var periods = new JsonArray();
    long[] total = new long[5];
    for (MessageTimeline.Point p : points) {
      periods.add(new JsonObject().put("period", p.period()).put("sent", p.sent()).put("delivered", p.delivered())
          .put("failed", p.failed()).put("replies", p.replies()).put("opt_outs", p.optOuts()));
      long[] n = {p.sent(), p.delivered(), p.failed(), p.replies(), p.optOuts()};
      for (int i = 0; i < n.length; i++) total[i] += n[i];
    }
    var totals = new JsonObject().put("sent", total[0]).put("delivered", total[1]).put("failed", total[2])
        .put("replies", total[3]).put("opt_outs", total[4]);
    return new JsonObject().put("interval", r.interval()).put("from", TimelineApi.label(r, r.from()))
        .put("to", TimelineApi.label(r, r.to())).put("periods", periods).put("totals", totals);
  }
}
