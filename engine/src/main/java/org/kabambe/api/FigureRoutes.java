package org.kabambe.api;

import static org.kabambe.api.PathParams.flow;
import static org.kabambe.api.QueryParams.param;
import static org.kabambe.api.QueryParams.period;
import static org.kabambe.api.QueryParams.periodJson;
import static org.kabambe.api.QueryParams.round;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.analytics.Figures;
import org.kabambe.analytics.FlowFigures;
import org.kabambe.analytics.FlowVersions;
import org.kabambe.analytics.FunnelStep;
import org.kabambe.analytics.Period;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.events.EventType;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Ref;

/**
 * A flow's figures for the dashboard (viewer): reach and engagement ({@code /figures}), the funnel over its nodes,
 * by version if asked ({@code /funnel}, {@code /versions}), and period by period ({@code /timeline}, also
 * {@code GET /api/timeline} for the whole programme).
 */
final class FigureRoutes {
  private final FlowRegistry flows;
  private final Figures figures;
  private final FlowVersions flowVersions;
  private final TimelineApi timeline;
  private final Clock clock;

  FigureRoutes(FlowRegistry flows, Figures figures, FlowVersions flowVersions, TimelineApi timeline, Clock clock) {
    this.flows = flows;
    this.figures = figures;
    this.flowVersions = flowVersions;
    this.timeline = timeline;
    this.clock = clock;
  }

  void mount(ApiRouter api) {
    api.get("/api/flows/:id/figures", Role.VIEWER, (ctx, c) -> figures(flow(ctx, flows), period(ctx, clock)));
    api.get("/api/flows/:id/funnel", Role.VIEWER, (ctx, c) -> funnel(flow(ctx, flows), period(ctx, clock),
        param(ctx, "version")));
    api.get("/api/flows/:id/versions", Role.VIEWER, (ctx, c) -> versions(flow(ctx, flows)));
    api.get("/api/flows/:id/timeline", Role.VIEWER, (ctx, c) -> timeline.answer(ctx,
        Optional.of(flow(ctx, flows).id())));
    api.get("/api/timeline", Role.VIEWER, (ctx, c) -> timeline.answer(ctx, Optional.empty()));
  }

  /** The flow's menus and questions: what an SMS reply rate counts replies to. */
  private static List<String> questionNodes(Flow f) {
    return f.nodes().values().stream().filter(n -> n instanceof Node.Menu || n instanceof Node.Ask)
        .map(Node::id).toList();
  }

  private JsonObject figures(Flow flow, Period p) {
    FlowFigures f = figures.flow(flow.id(), p, questionNodes(flow));
    var reach = new JsonObject().put("participants", f.participants()).put("runs", f.runs())
        .put("messages", new JsonObject(new LinkedHashMap<>(f.messages())).put("scope", "deployment"));
    var engagement = new JsonObject().put("sessions", f.sessions()).put("runs", f.runs())
        .put("completed", f.completed()).put("left", f.left()).put("in_progress", f.open())
        .put("completion_rate", round(f.completionRate()))
        .put("median_seconds_to_complete", f.medianSecondsToComplete().isPresent()
            ? round(f.medianSecondsToComplete().getAsDouble()) : null)
        .put("resumes", f.event(EventType.SESSION_RESUMED)).put("opt_outs", f.event(EventType.OPTED_OUT))
        .put("invalid_answers", f.event(EventType.INVALID_ANSWER))
        .put("sms_questions", f.smsQuestions()).put("sms_replies", f.smsReplies())
        .put("sms_reply_rate", round(f.smsReplyRate()));
    return new JsonObject().put("flow", flow.id()).put("period", periodJson(p)).put("reach", reach)
        .put("engagement", engagement).put("events", new JsonObject(new LinkedHashMap<>(f.events())));
  }

  /**
   * The funnel over the flow's nodes; with a version (content hash), of the runs that started on it only, over
   * that version's nodes when the server still holds it (since its last start), else over the nodes runs reached.
   */
  private JsonObject funnel(Flow current, Period p, Optional<String> version) {
    version.ifPresent(hash -> knownVersion(current.id(), hash));
    Optional<Flow> served = version.isEmpty() ? Optional.of(current)
        : flows.pinned(current.id(), version.get()).filter(f -> f.contentHash().equals(version.get()));
    Map<String, FunnelStep> steps = new LinkedHashMap<>();
    for (FunnelStep s : figures.funnel(current.id(), p, version)) steps.put(s.nodeId(), s);
    long started = version.isPresent() ? figures.versionRuns(current.id(), p, version.get())
        : figures.flow(current.id(), p, List.of()).runs();
    Flow flow = served.orElse(current);
    var ids = new LinkedHashSet<String>();
    for (String id : flow.nodes().keySet()) if (served.isPresent() || steps.containsKey(id)) ids.add(id);
    if (served.isEmpty()) ids.addAll(steps.keySet()); // nodes since removed: still where its runs went
    var nodes = new JsonArray();
    for (String id : ids) {
      FunnelStep s = steps.getOrDefault(id, new FunnelStep(id, 0, 0));
      Node n = flow.nodes().get(id);
      var next = n == null ? new JsonArray() : new JsonArray(n.exits().stream().map(Ref::node)
          .filter(flow.nodes()::containsKey).distinct().toList());
      nodes.add(new JsonObject().put("node", id).put("kind", n == null ? "unknown" : n.kind())
          .put("reached", s.reached()).put("left", s.left())
          .put("reached_share", started == 0 ? 0 : round((double) s.reached() / started))
          .put("shows", n == null ? null : n.shows()).put("next", next));
    }
    var out = new JsonObject().put("flow", current.id()).put("period", periodJson(p))
        .put("start", flow.start().node()).put("runs", started).put("nodes", nodes);
    version.ifPresent(hash -> out.put("version", hash).put("definition", served.isPresent() ? "served"
        : "not held since the server restarted: nodes are those its runs reached"));
    return out;
  }

  private void knownVersion(String flowId, String hash) {
    if (flowVersions.of(flowId).stream().noneMatch(v -> v.contentHash().equals(hash))) {
      throw new BadParameter("version", "version '" + hash + "' is not a version of flow '" + flowId
          + "': GET /api/flows/" + flowId + "/versions lists them (a content hash, in full)");
    }
  }

  /** The flow's versions with their runs, for comparing their funnels. */
  private JsonObject versions(Flow flow) {
    var list = new JsonArray();
    for (FlowVersions.Served v : flowVersions.of(flow.id())) {
      list.add(new JsonObject().put("hash", v.contentHash()).put("version", v.version())
          .put("first_served", v.firstServed() == null ? null : v.firstServed().toString())
          .put("runs", v.runs()).put("completed", v.completed()).put("completion_rate", round(v.completionRate()))
          .put("current", v.contentHash().equals(flow.contentHash())));
    }
    return new JsonObject().put("flow", flow.id()).put("current", flow.contentHash()).put("versions", list);
  }
}
