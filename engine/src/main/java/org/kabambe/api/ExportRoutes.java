package org.kabambe.api;

import static org.kabambe.api.Answers.error;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.kabambe.analytics.Questions;
import org.kabambe.analytics.ResultsExport;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.export.Pseudonyms;
import org.kabambe.flow.Flow;
import org.kabambe.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/export/results/FLOW.csv} (admin): a flow's results, streamed from the database as they are read
 * (a large flow's CSV never sits in memory), participants named by pseudonym.
 */
final class ExportRoutes {
  private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);

  private final FlowRegistry flows;
  private final Database database;
  private final Pseudonyms pseudonyms;

  ExportRoutes(FlowRegistry flows, Database database, Pseudonyms pseudonyms) {
    this.flows = flows;
    this.database = database;
    this.pseudonyms = pseudonyms;
  }

  void mount(ApiRouter api) {
    api.answering(HttpMethod.GET, "/api/export/results/:file", Role.ADMIN, this::results);
  }

  private void results(RoutingContext ctx, Caller caller) {
    String file = ctx.pathParam("file");
    if (!file.endsWith(".csv")) {
      error(ctx, 404, "not_found", "ask for FLOW.csv");
      return;
    }
    String flowId = file.substring(0, file.length() - 4);
    Optional<Flow> flow = flows.current(flowId);
    if (flow.isEmpty()) {
      error(ctx, 404, "not_found", "no flow '" + flowId + "' is loaded");
      return;
    }
    Questions questions = Questions.of(flow.get());
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("content-type", "text/csv; charset=utf-8")
        .putHeader("content-disposition", "attachment; filename=\"" + flowId + "-results.csv\"");
    ctx.vertx().executeBlocking(() -> {
      try (Writer out = new OutputStreamWriter(new ResponseStream(response), StandardCharsets.UTF_8)) {
        return new ResultsExport(database, pseudonyms).write(flowId, questions, false, out);
      }
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("results export of {} failed", flowId, ar.cause());
        response.reset(); // a cut-off CSV must not look complete
      } else {
        log.info("token '{}' exported {} result rows of {}", caller.name(), ar.result(), flowId);
        response.end();
      }
    });
  }
}
