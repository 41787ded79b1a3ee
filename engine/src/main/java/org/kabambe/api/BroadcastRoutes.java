package org.kabambe.api;

import static org.kabambe.api.PathParams.broadcastId;
import static org.kabambe.api.QueryParams.count;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeParseException;
import org.kabambe.broadcast.BroadcastSpec;
import org.kabambe.broadcast.Broadcasts;

/**
 * {@code /api/broadcasts}: created (or dry-run) and paused, resumed or cancelled by an admin; listed and read by a
 * viewer. Through the server's own {@link Broadcasts}, the one that sends them.
 */
final class BroadcastRoutes {
  private final Broadcasts broadcasts;

  BroadcastRoutes(Broadcasts broadcasts) {
    this.broadcasts = broadcasts;
  }

  void mount(ApiRouter api) {
    api.postBodies("/api/broadcasts*", 65_536);
    api.route(HttpMethod.POST, "/api/broadcasts", Role.ADMIN, this::create);
    api.get("/api/broadcasts", Role.VIEWER, (ctx, c) -> list(count(ctx, "page", 1)));
    api.get("/api/broadcasts/:id", Role.VIEWER, (ctx, c) -> progress(broadcastId(ctx)).toJson());
    change(api, "pause", "paused", broadcasts::pause);
    change(api, "resume", "resumed", broadcasts::resume);
    change(api, "cancel", "cancelled", broadcasts::cancel);
  }

  /**
   * {@code POST /api/broadcasts}: {"text": "Hi {{ contact.name }}" | "arms": {"a": ..., "b": ...}, "groups": [..]
   * or "to": "groups: a,b", "where": "CEL", "sample": "500" | "10%", "seed": 1, "at": ISO instant, "dry_run": true}.
   * A dry run answers the figures only; otherwise the broadcast is recorded (figures included) and starts at "at".
   */
  private JsonObject create(RoutingContext ctx, Caller caller) {
    JsonObject body = JsonBody.of(ctx).orElseThrow(() -> new IllegalArgumentException("send a JSON body like "
        + "{\"text\": \"Hello {{ contact.name }}\", \"to\": \"groups: chw\", \"dry_run\": true}"));
    BroadcastSpec spec;
    try {
      spec = BroadcastSpec.fromJson(body);
    } catch (DateTimeParseException | ClassCastException | IllegalStateException e) {
      throw new IllegalArgumentException("bad broadcast request: " + e.getMessage());
    }
    var dry = broadcasts.dryRun(spec);
    if (body.getBoolean("dry_run", false)) return dry.toJson().put("dry_run", true);
    long id = broadcasts.create(spec, dry, "token:" + caller.name());
    return broadcasts.progress(id).orElseThrow().toJson().put("dry_run", dry.toJson());
  }

  /**
   * {@code POST /api/broadcasts/:id/ACTION} (admin): the broadcast's progress after the change, with
   * {@code "<done>": true} when this call changed it (false: it was not in a state the action applies to).
   */
  private void change(ApiRouter api, String action, String done, Change change) {
    api.route(HttpMethod.POST, "/api/broadcasts/:id/" + action, Role.ADMIN, (ctx, c) -> {
      long id = broadcastId(ctx);
      progress(id); // 404 for an unknown id
      boolean changed = change.apply(id, "token:" + c.name());
      return progress(id).toJson().put(done, changed);
    });
  }

  /** Pause, resume or cancel: whether it changed the broadcast. */
  @FunctionalInterface
  private interface Change {
    boolean apply(long id, String by);
  }

  private Broadcasts.Progress progress(long id) {
    return broadcasts.progress(id).orElseThrow(() -> new NotFound("no broadcast " + id));
  }

  /** {@code GET /api/broadcasts?page=}: newest first, with status and progress. */
  private JsonObject list(int page) {
    var listing = broadcasts.list(page);
    var list = new JsonArray();
    listing.broadcasts().forEach(p -> list.add(p.toJson()));
    return new JsonObject().put("page", page).put("page_size", Broadcasts.PAGE)
        .put("total", listing.total()).put("broadcasts", list);
  }
}
