package org.kabambe.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kabambe.analytics.CrossTab;
import org.kabambe.analytics.Figures;
import org.kabambe.analytics.FlowVersions;
import org.kabambe.analytics.LiveCounts;
import org.kabambe.analytics.Timeline;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.contact.ContactPages;
import org.kabambe.export.Pseudonyms;
import org.kabambe.store.Database;

/**
 * The admin API under {@code /api/}: wires one routes class per resource to the server's services. Every route
 * passes the one {@link ApiGuard} for its role; bodies run on worker threads, never on the event loop.
 */
public final class ApiRoutes {
  private final ApiGuard guard;
  private final FlowRegistry flows;
  private final ContactRoutes contacts;
  private final List<Consumer<ApiRouter>> resources;

  public ApiRoutes(FlowRegistry flows, Database database, ApiTokens tokens, Pseudonyms pseudonyms, LiveCounts live,
                   Broadcasts broadcasts, Clock clock) {
    this.guard = new ApiGuard(tokens);
    this.flows = flows;
    this.contacts = new ContactRoutes(new ContactPages(database), pseudonyms);
    var figures = new Figures(database);
    var timeline = new TimelineApi(new Timeline(database), clock); // its ranges serve the message timelines too
    this.resources = List.of(
        new FlowRoutes(flows, figures, live, clock)::mount,
        new FigureRoutes(flows, figures, new FlowVersions(database), timeline, clock)::mount,
        new ResultsRoutes(flows, figures, new CrossTabApi(new CrossTab(database)), clock)::mount,
        new SegmentRoutes(figures, pseudonyms, clock)::mount,
        contacts::mount,
        new TokenRoutes(tokens)::mount,
        new BroadcastRoutes(broadcasts)::mount,
        new MessageRoutes(flows, database, timeline)::mount,
        new ExportRoutes(flows, database, pseudonyms)::mount,
        new BackupRoute(database, clock)::mount);
  }

  /** Mounts every resource; called once per HTTP verticle, so the routes classes (and their state) are shared. */
  public void mount(Router router) {
    var api = new ApiRouter(router, guard);
    resources.forEach(resource -> resource.accept(api));
  }

  /** Enables {@code POST /api/contacts/forget} (the server sets it once its caches exist). */
  public void forgetWith(Forgetting forgetting) {
    contacts.forgetWith(forgetting);
  }

  /** The dashboard's web simulator's routes ({@link SimulatorRoutes}), through the server's USSD service. */
  public void mountSimulator(Router router, SimulatorGateway gateway) {
    new SimulatorRoutes(flows, gateway).mount(new ApiRouter(router, guard));
  }

  /**
   * For public routes that show more to a token holder ({@code /health}): the caller when the request carries a
   * valid token of at least {@code role}, else empty; never an error response.
   */
  public void optionalCaller(RoutingContext ctx, Role role, Consumer<Optional<Caller>> then) {
    guard.optionalCaller(ctx, role, then);
  }
}
