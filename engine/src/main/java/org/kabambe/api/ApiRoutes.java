package org.kabambe.api;

import static org.kabambe.api.Answers.error;
import static org.kabambe.api.QueryParams.count;
import static org.kabambe.api.QueryParams.param;
import static org.kabambe.api.QueryParams.periodJson;
import static org.kabambe.api.QueryParams.round;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kabambe.analytics.AnswerCount;
import org.kabambe.analytics.ArmFigures;
import org.kabambe.analytics.Breakdown;
import org.kabambe.analytics.Figures;
import org.kabambe.analytics.FlowFigures;
import org.kabambe.analytics.FlowVersions;
import org.kabambe.analytics.FunnelStep;
import org.kabambe.analytics.LiveCounts;
import org.kabambe.analytics.MessageTimeline;
import org.kabambe.analytics.NumberSummary;
import org.kabambe.analytics.Period;
import org.kabambe.analytics.Questions;
import org.kabambe.analytics.ResultsExport;
import org.kabambe.analytics.Segment;
import org.kabambe.analytics.SimulatedNumbers;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.contact.ContactPages;
import org.kabambe.diag.Diagnostic;
import org.kabambe.export.Pseudonyms;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.graph.MermaidGraph;
import org.kabambe.events.EventType;
import org.kabambe.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /api/}: JSON figures for the dashboard, flows, pseudonymised contacts, exports, tokens.
 * Every route checks the caller's bearer token for a role; JDBC runs on worker threads, never on the event loop.
 */
public final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  private static final int PAGE = 100;

  private final FlowRegistry flows;
  private final Database database;
  private final ApiTokens tokens;
  private final Figures figures;
  private final FlowVersions flowVersions;
  private final Pseudonyms pseudonyms;
  private final LiveCounts live;
  private final Clock clock;
  private final Broadcasts broadcasts;
  private final BackupRoute backup;
  private final ApiGuard guard;
  private final ContactRoutes contacts;

  public ApiRoutes(FlowRegistry flows, Database database, ApiTokens tokens, Pseudonyms pseudonyms, LiveCounts live,
                   Broadcasts broadcasts, Clock clock) {
    this.flows = flows;
    this.database = database;
    this.tokens = tokens;
    this.guard = new ApiGuard(tokens);
    this.figures = new Figures(database);
    this.flowVersions = new FlowVersions(database);
    this.pseudonyms = pseudonyms;
    this.live = live;
    this.contacts = new ContactRoutes(new ContactPages(database), pseudonyms);
    this.clock = clock;
    this.backup = new BackupRoute(database, clock);
    this.broadcasts = broadcasts;
  }

  public void mount(Router router) {
    var api = new ApiRouter(router, guard);
    api.get("/api/live", Role.VIEWER, (ctx, c) -> live());
    api.get("/api/flows", Role.AUTHOR, (ctx, c) -> flowList());
    api.get("/api/flows/:id/figures", Role.VIEWER, (ctx, c) -> figures(flow(ctx), period(ctx)));
    api.get("/api/flows/:id/funnel", Role.VIEWER, (ctx, c) -> funnel(flow(ctx), period(ctx),
        param(ctx, "version")));
    api.get("/api/flows/:id/versions", Role.VIEWER, (ctx, c) -> versions(flow(ctx)));
    api.get("/api/flows/:id/results", Role.VIEWER, (ctx, c) -> results(flow(ctx), period(ctx),
        Breakdown.parse(param(ctx, "by").orElse(""), breakdownFields())));
    api.get("/api/flows/:id/arms", Role.VIEWER, (ctx, c) -> arms(flow(ctx), period(ctx)));
    api.get("/api/flows/:id/graph", Role.AUTHOR, (ctx, c) -> graph(flow(ctx), period(ctx),
        param(ctx, "lang")));
    var timeline = new TimelineApi(new org.kabambe.analytics.Timeline(database), clock);
    api.get("/api/flows/:id/timeline", Role.VIEWER, (ctx, c) -> timeline.answer(ctx,
        Optional.of(flow(ctx).id())));
    api.get("/api/timeline", Role.VIEWER, (ctx, c) -> timeline.answer(ctx, Optional.empty()));
    var crossTab = new CrossTabApi(new org.kabambe.analytics.CrossTab(database));
    api.get("/api/flows/:id/crosstab", Role.VIEWER, (ctx, c) -> crossTab.answer(ctx, flow(ctx), period(ctx),
        breakdownFields()));
    api.get("/api/flows/:id/crosstab/options", Role.VIEWER, (ctx, c) -> CrossTabApi.options(flow(ctx),
        breakdownFields()));
    api.get("/api/segments", Role.VIEWER, (ctx, c) -> segments(period(ctx), count(ctx, "n", 3)));
    api.get("/api/segments/:segment", Role.VIEWER, (ctx, c) -> segmentPage(Segment.parse(ctx.pathParam(
        "segment")), period(ctx), count(ctx, "n", 3), count(ctx, "page", 1)));
    contacts.mount(api);
    new TokenRoutes(tokens).mount(api);
    new BroadcastRoutes(broadcasts).mount(api);
    var messages = new MessageReports(database, flows::catalog);
    api.get("/api/messages", Role.VIEWER, (ctx, c) -> messages.list());
    api.get("/api/messages/broadcasts/:id", Role.VIEWER, (ctx, c) -> messages.broadcast(PathParams.broadcastId(ctx)));
    api.get("/api/messages/campaigns/:id", Role.VIEWER, (ctx, c) -> messages.campaign(ctx.pathParam("id")));
    var sms = new MessageTimelineApi(new MessageTimeline(database), timeline, flows::catalog);
    api.get("/api/broadcasts/:id/timeline", Role.VIEWER, (ctx, c) -> sms.broadcast(ctx, PathParams.broadcastId(ctx)));
    api.get("/api/campaigns/:id/timeline", Role.VIEWER, (ctx, c) -> sms.campaign(ctx, ctx.pathParam("id")));
    new ExportRoutes(flows, database, pseudonyms).mount(api);
    backup.mount(api);
  }

  /** Enables {@code POST /api/contacts/forget} (the server sets it once its caches exist). */
  public void forgetWith(Forgetting forgetting) {
    contacts.forgetWith(forgetting);
  }

  /** The dashboard's web simulator's routes ({@link SimulatorRoutes}), through the server's USSD service. */
  public void mountSimulator(Router router, SimulatorGateway gateway) {
    new SimulatorRoutes(flows, gateway).mount(new ApiRouter(router, guard));
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  /**
   * For public routes that show more to a token holder ({@code /health}): the caller when the request carries a
   * valid token of at least {@code role}, else empty; never an error response.
   */
  public void optionalCaller(RoutingContext ctx, Role role, Consumer<Optional<Caller>> then) {
    guard.optionalCaller(ctx, role, then);
  }

  private Flow flow(RoutingContext ctx) {
    return PathParams.flow(ctx, flows);
  }

  private Period period(RoutingContext ctx) {
    return QueryParams.period(ctx, clock);
  }

  // ---- bodies --------------------------------------------------------------------------------------------------

  private JsonObject live() {
    var byFlow = new JsonArray();
    for (Flow f : flows.catalog().flows().values()) byFlow.add(new JsonObject().put("id", f.id()).put("title", f.title()));
    return new JsonObject().put("at", clock.instant().toString())
        .put("last_minute", JsonObject.of().mergeIn(new JsonObject(new LinkedHashMap<>(live.last(Duration.ofMinutes(1))))))
        .put("last_hour", new JsonObject(new LinkedHashMap<>(live.last(Duration.ofHours(1)))))
        .put("flows", byFlow);
  }

  private JsonObject flowList() {
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

  static List<String> questionNodes(Flow f) {
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
    var ids = new java.util.LinkedHashSet<String>();
    for (String id : flow.nodes().keySet()) if (served.isPresent() || steps.containsKey(id)) ids.add(id);
    if (served.isEmpty()) ids.addAll(steps.keySet()); // nodes since removed: still where its runs went
    var nodes = new JsonArray();
    for (String id : ids) {
      FunnelStep s = steps.getOrDefault(id, new FunnelStep(id, 0, 0));
      Node n = flow.nodes().get(id);
      var next = n == null ? new JsonArray() : new JsonArray(n.exits().stream().map(org.kabambe.flow.Ref::node)
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

  /** The contact fields answers can be split by (declared text and choice fields that are not pii). */
  private java.util.Set<String> breakdownFields() {
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

  private JsonObject graph(Flow flow, Period p, Optional<String> lang) {
    var notes = new java.util.HashMap<String, String>();
    for (FunnelStep s : figures.funnel(flow.id(), p)) {
      notes.put(s.nodeId(), "reached " + s.reached() + " · left " + s.left());
    }
    String language = lang.orElse(flow.defaultLanguage());
    return new JsonObject().put("flow", flow.id()).put("period", periodJson(p)).put("language", language)
        .put("mermaid", MermaidGraph.render(flow, language, MermaidGraph.counts(notes)));
  }

  private JsonObject segments(Period p, int n) {
    var out = new JsonObject().put("period", periodJson(p)).put("n", n);
    for (Segment s : Segment.values()) out.put(s.label(), figures.segmentSize(s, p, n));
    return out;
  }

  private JsonObject segmentPage(Segment segment, Period p, int n, int page) {
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
