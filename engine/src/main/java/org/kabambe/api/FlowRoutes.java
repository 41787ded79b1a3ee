package org.kabambe.api;

import static org.kabambe.api.PathParams.flow;
import static org.kabambe.api.QueryParams.param;
import static org.kabambe.api.QueryParams.period;
import static org.kabambe.api.QueryParams.periodJson;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.kabambe.analytics.Figures;
import org.kabambe.analytics.FunnelStep;
import org.kabambe.analytics.LiveCounts;
import org.kabambe.analytics.Period;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.Flow;
import org.kabambe.graph.MermaidGraph;

/**
 * What is being served: {@code GET /api/flows} (author) with their load findings, a flow's graph annotated with its
 * funnel ({@code /api/flows/:id/graph}, author), and {@code GET /api/live} (viewer), the last minute's and hour's
 * events.
 */
final class FlowRoutes {
  private final FlowRegistry flows;
  private final Figures figures;
  private final LiveCounts live;
  private final Clock clock;

  FlowRoutes(FlowRegistry flows, Figures figures, LiveCounts live, Clock clock) {
    this.flows = flows;
    this.figures = figures;
    this.live = live;
    this.clock = clock;
  }

  void mount(ApiRouter api) {
    api.get("/api/live", Role.VIEWER, (ctx, c) -> live());
    api.get("/api/flows", Role.AUTHOR, (ctx, c) -> list());
    api.get("/api/flows/:id/graph", Role.AUTHOR, (ctx, c) -> graph(flow(ctx, flows), period(ctx, clock),
        param(ctx, "lang")));
  }

  private JsonObject live() {
    var byFlow = new JsonArray();
    for (Flow f : flows.catalog().flows().values()) {
      byFlow.add(new JsonObject().put("id", f.id()).put("title", f.title()));
    }
    return new JsonObject().put("at", clock.instant().toString())
        .put("last_minute", JsonObject.of().mergeIn(new JsonObject(new LinkedHashMap<>(
            live.last(Duration.ofMinutes(1))))))
        .put("last_hour", new JsonObject(new LinkedHashMap<>(live.last(Duration.ofHours(1)))))
        .put("flows", byFlow);
  }

  private JsonObject list() {
    var list = new JsonArray();
    for (Flow f : flows.catalog().flows().values()) {
      var triggers = new JsonObject()
          .put("ussd", new JsonArray(f.triggers().ussd().stream().map(l -> l.value()).toList()))
          .put("keywords", new JsonArray(f.triggers().keywords().stream().map(l -> l.value()).toList()));
      list.add(new JsonObject().put("id", f.id()).put("title", f.title()).put("version", f.version())
          .put("hash", f.contentHash()).put("file", f.file()).put("languages", new JsonArray(f.languages()))
          .put("nodes", f.nodes().size()).put("triggers", triggers));
    }
    var findings = new JsonArray();
    for (Diagnostic d : flows.findings()) {
      findings.add(new JsonObject().put("file", d.pos().file()).put("line", d.pos().line()).put("col", d.pos().col())
          .put("severity", d.severity().label()).put("message", d.message()));
    }
    return new JsonObject().put("flows", list).put("findings", findings);
  }

  private JsonObject graph(Flow flow, Period p, Optional<String> lang) {
    var notes = new HashMap<String, String>();
    for (FunnelStep s : figures.funnel(flow.id(), p)) {
      notes.put(s.nodeId(), "reached " + s.reached() + " · left " + s.left());
    }
    String language = lang.orElse(flow.defaultLanguage());
    return new JsonObject().put("flow", flow.id()).put("period", periodJson(p)).put("language", language)
        .put("mermaid", MermaidGraph.render(flow, language, MermaidGraph.counts(notes)));
  }
}
