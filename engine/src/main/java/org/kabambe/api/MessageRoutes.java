package org.kabambe.api;

import static org.kabambe.api.PathParams.broadcastId;

import org.kabambe.analytics.MessageTimeline;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.store.Database;

/**
 * The SMS a broadcast or campaign sent (viewer): {@code /api/messages...}, their figures ({@link MessageReports}),
 * and {@code /api/broadcasts/:id/timeline}, {@code /api/campaigns/:id/timeline}, period by period
 * ({@link MessageTimelineApi}).
 */
final class MessageRoutes {
  private final MessageReports reports;
  private final MessageTimelineApi timeline;

  MessageRoutes(FlowRegistry flows, Database database, TimelineApi ranges) {
    this.reports = new MessageReports(database, flows::catalog);
    this.timeline = new MessageTimelineApi(new MessageTimeline(database), ranges, flows::catalog);
  }

  void mount(ApiRouter api) {
    api.get("/api/messages", Role.VIEWER, (ctx, c) -> reports.list());
    api.get("/api/messages/broadcasts/:id", Role.VIEWER, (ctx, c) -> reports.broadcast(broadcastId(ctx)));
    api.get("/api/messages/campaigns/:id", Role.VIEWER, (ctx, c) -> reports.campaign(ctx.pathParam("id")));
    api.get("/api/broadcasts/:id/timeline", Role.VIEWER, (ctx, c) -> timeline.broadcast(ctx, broadcastId(ctx)));
    api.get("/api/campaigns/:id/timeline", Role.VIEWER, (ctx, c) -> timeline.campaign(ctx, ctx.pathParam("id")));
  }
}
