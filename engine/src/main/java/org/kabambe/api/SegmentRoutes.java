package org.kabambe.api;

import static org.kabambe.api.QueryParams.count;
import static org.kabambe.api.QueryParams.period;
import static org.kabambe.api.QueryParams.periodJson;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.kabambe.analytics.Figures;
import org.kabambe.analytics.Period;
import org.kabambe.analytics.Segment;
import org.kabambe.export.Pseudonyms;

/**
 * {@code GET /api/segments} (viewer): how many participants each engagement segment holds ({@code n}: e.g. flows
 * completed), and {@code /api/segments/:segment} its members a page at a time, named by pseudonym only.
 */
final class SegmentRoutes {
  private static final int PAGE = 100;

  private final Figures figures;
  private final Pseudonyms pseudonyms;
  private final Clock clock;

  SegmentRoutes(Figures figures, Pseudonyms pseudonyms, Clock clock) {
    this.figures = figures;
    this.pseudonyms = pseudonyms;
    this.clock = clock;
  }

  void mount(ApiRouter api) {
    api.get("/api/segments", Role.VIEWER, (ctx, c) -> segments(period(ctx, clock), count(ctx, "n", 3)));
    api.get("/api/segments/:segment", Role.VIEWER, (ctx, c) -> page(Segment.parse(ctx.pathParam("segment")),
        period(ctx, clock), count(ctx, "n", 3), count(ctx, "page", 1)));
  }

  private JsonObject segments(Period p, int n) {
    var out = new JsonObject().put("period", periodJson(p)).put("n", n);
    for (Segment s : Segment.values()) out.put(s.label(), figures.segmentSize(s, p, n));
    return out;
  }

  private JsonObject page(Segment segment, Period p, int n, int page) {
    var phones = new JsonArray();
    long[] index = {0};
    long skip = (long) (page - 1) * PAGE;
    figures.segmentPhones(segment, p, n, phone -> {
      if (index[0] >= skip && index[0] < skip + PAGE) phones.add(pseudonyms.of(phone));
      index[0]++;
    });
    return new JsonObject().put("segment", segment.label()).put("period", periodJson(p)).put("n", n)
        .put("page", page).put("page_size", PAGE).put("total", index[0]).put("participants", phones);
  }
}
