package org.kabambe.api;

import static org.kabambe.api.PathParams.flow;
import static org.kabambe.api.QueryParams.param;
import static org.kabambe.api.QueryParams.period;
import static org.kabambe.api.QueryParams.periodJson;
import static org.kabambe.api.QueryParams.round;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.kabambe.analytics.AnswerCount;
import org.kabambe.analytics.ArmFigures;
import org.kabambe.analytics.Breakdown;
import org.kabambe.analytics.Figures;
import org.kabambe.analytics.NumberSummary;
import org.kabambe.analytics.Period;
import org.kabambe.analytics.Questions;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;

/**
 * A flow's answers for the dashboard (viewer): counted per question, optionally split by arm or contact field
 * ({@code /results}), per experiment arm ({@code /arms}), and cross-tabulated ({@code /crosstab}, {@link CrossTabApi}).
 */
final class ResultsRoutes {
  private final FlowRegistry flows;
  private final Figures figures;
  private final CrossTabApi crossTab;
  private final Clock clock;

  ResultsRoutes(FlowRegistry flows, Figures figures, CrossTabApi crossTab, Clock clock) {
    this.flows = flows;
    this.figures = figures;
    this.crossTab = crossTab;
    this.clock = clock;
  }

  void mount(ApiRouter api) {
    api.get("/api/flows/:id/results", Role.VIEWER, (ctx, c) -> results(flow(ctx, flows), period(ctx, clock),
        Breakdown.parse(param(ctx, "by").orElse(""), breakdownFields())));
    api.get("/api/flows/:id/arms", Role.VIEWER, (ctx, c) -> arms(flow(ctx, flows), period(ctx, clock)));
    api.get("/api/flows/:id/crosstab", Role.VIEWER, (ctx, c) -> crossTab.answer(ctx, flow(ctx, flows),
        period(ctx, clock), breakdownFields()));
    api.get("/api/flows/:id/crosstab/options", Role.VIEWER, (ctx, c) -> CrossTabApi.options(flow(ctx, flows),
        breakdownFields()));
  }

  /** The contact fields answers can be split by (declared text and choice fields that are not pii). */
  private Set<String> breakdownFields() {
    return Breakdown.fieldsOf(flows.catalog().fields());
  }

  private JsonObject results(Flow flow, Period p, Breakdown by) {
    // questions: [{node, name, kind, total, answers: [{value, label?, count, by: {group: count}}], numbers?}]
    Questions asked = Questions.of(flow);
    Map<String, JsonObject> questions = new LinkedHashMap<>();
    Map<String, JsonObject> values = new LinkedHashMap<>();
    for (AnswerCount a : figures.results(flow.id(), p, by)) {
      String q = a.nodeId() + "\n" + a.name();
      JsonObject question = questions.computeIfAbsent(q, k -> new JsonObject().put("node", a.nodeId())
          .put("name", a.name()).put("kind", asked.isNumber(a.nodeId()) ? "number" : flow.node(a.nodeId())
              .map(Node::kind).orElse("unknown")).put("total", 0L).put("answers", new JsonArray()));
      question.put("total", question.getLong("total") + a.count());
      JsonObject value = values.computeIfAbsent(q + "\n" + a.value(), k -> {
        var v = new JsonObject().put("value", a.value());
        asked.label(a.nodeId(), a.value()).ifPresent(label -> v.put("label", label));
        v.put("count", 0L);
        if (!by.equals(Breakdown.NONE)) v.put("by", new JsonObject());
        question.getJsonArray("answers").add(v);
        return v;
      });
      value.put("count", value.getLong("count") + a.count());
      if (!by.equals(Breakdown.NONE)) value.getJsonObject("by").put(a.group(), a.count());
    }
    for (JsonObject question : questions.values()) {
      if (question.getString("kind").equals("number")) numbers(question);
    }
    return new JsonObject().put("flow", flow.id()).put("period", periodJson(p)).put("by", by.label())
        .put("fields", new JsonArray(new ArrayList<>(breakdownFields())))
        .put("questions", new JsonArray(new ArrayList<>(questions.values())));
  }

  /** A number question's answers summarised (count, mean, median, min, max, ordered histogram bins). */
  private static void numbers(JsonObject question) {
    var counts = new LinkedHashMap<String, Long>();
    for (Object o : question.getJsonArray("answers")) {
      JsonObject a = (JsonObject) o;
      counts.merge(a.getString("value"), a.getLong("count"), Long::sum);
    }
    NumberSummary.of(counts).ifPresent(n -> {
      var bins = new JsonArray();
      for (NumberSummary.Bin b : n.bins()) {
        bins.add(new JsonObject().put("from", round(b.from())).put("to", round(b.to())).put("count", b.count()));
      }
      question.put("numbers", new JsonObject().put("count", n.count()).put("mean", round(n.mean()))
          .put("median", n.median()).put("min", n.min()).put("max", n.max()).put("histogram", bins));
    });
  }

  private JsonObject arms(Flow flow, Period p) {
    var arms = new JsonArray();
    for (ArmFigures a : figures.arms(flow.id(), p)) {
      arms.add(new JsonObject().put("arm", a.arm().isEmpty() ? "none" : a.arm()).put("runs", a.runs())
          .put("participants", a.participants()).put("completed", a.completed())
          .put("completion_rate", round(a.completionRate())));
    }
    return new JsonObject().put("flow", flow.id()).put("period", periodJson(p)).put("arms", arms)
        .put("results", results(flow, p, Breakdown.ARM).getJsonArray("questions"));
  }
}
