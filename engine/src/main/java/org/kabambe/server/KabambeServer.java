package org.kabambe.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.kabambe.analytics.Breakdown;
import org.kabambe.analytics.CrossTabQuestions;
import org.kabambe.analytics.FlowVersions;
import org.kabambe.analytics.LiveCounts;
import org.kabambe.analytics.Rollup;
import org.kabambe.api.ApiRoutes;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Audit;
import org.kabambe.api.Forgetting;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.campaigns.CampaignScheduler;
import org.kabambe.campaigns.FlowStarts;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.catalog.load.FlowWatcher;
import org.kabambe.cluster.NodeName;
import org.kabambe.cluster.Singletons;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.contact.ContactStore;
import org.kabambe.contact.ParsedNumber;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.conversation.ContactLoader;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.conversation.ParticipantSlots;
import org.kabambe.conversation.SerialHops;
import org.kabambe.diag.Diagnostic;
import org.kabambe.erasure.Erasure;
import org.kabambe.export.Pseudonyms;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.metrics.KabambeMetrics;
import org.kabambe.retention.RetentionPurge;
import org.kabambe.retention.RetentionSettings;
import org.kabambe.runtime.StepListener;
import org.kabambe.store.Database;
import org.kabambe.store.DiskReserve;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopHistory;
import org.kabambe.store.HopSink;
import org.kabambe.ussd.UssdService;
import org.kabambe.webhook.WebhookClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code kabambe serve}: database, writer, flows (with hot reload), the USSD service and
 * the HTTP verticles, one per event loop so both cores serve. {@link #close()} stops taking requests, then
 * drains the writer so every acknowledged hop is on disk.
 *
 * <p>Over 400 lines because it also starts the scheduled jobs (campaigns, broadcasts, flow starts, retention) on
 * their cluster singletons, in the order the start-up needs. Moving them to a class of their own was tried and left
 * out until the kill and two-node tests pass on it; the wiring is otherwise one straight sequence, best read whole.
 */
public final class KabambeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KabambeServer.class);
  /** Numbers kept in memory at most; the rest are loaded from the database on their next hop. */
  static final long MAX_LIVE_CONVERSATIONS = 250_000;
  /**
   * A number idle this long leaves memory; its next hop reads it back on a worker (about 0.1 ms). A USSD session
   * cannot stay silent this long (networks end it within 2-3 minutes), resume windows are checked on the stored
   * state, and whatever stays in memory for minutes is promoted to the old generation, where full collections
   * pay for it: at 150 new sessions/s, 30 minutes kept 250,000 numbers (the size bound) in memory, 5 keep 45,000.
   */
  static final Duration IDLE = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final Database database;
  private final HopSink writer;
  private final ExecutorService loaders;
  private final WebhookClient webhooks;
  private final SmsChannel sms;
  private final Rollup rollup;
  private final int port;
  private final ParticipantSlots ussdSlots;
  private final FlowRegistry flows;
  private final Singletons singletons;
  private CampaignScheduler campaigns;
  private Runnable campaignTick = () -> {};
  private RetentionPurge retention;

  private KabambeServer(Vertx vertx, Database database, HopSink writer, ExecutorService loaders,
                        WebhookClient webhooks, SmsChannel sms, Rollup rollup, int port,
                        ParticipantSlots ussdSlots, FlowRegistry flows, Singletons singletons, FlowStarts flowStarts,
                        Broadcasts broadcasts) {
    this.flowStarts = flowStarts;
    this.broadcasts = broadcasts;
    this.singletons = singletons;
    this.ussdSlots = ussdSlots;
    this.flows = flows;
    this.rollup = rollup;
    this.vertx = vertx;
    this.database = database;
    this.writer = writer;
    this.loaders = loaders;
    this.webhooks = webhooks;
    this.sms = sms;
    this.port = port;
  }

  /** Starts everything; throws with a clear message when the flows, the config or the database are unusable. */
  public static KabambeServer start(ServeOptions options) throws Exception {
    return start(options, Clock.systemUTC());
  }

  /** As {@link #start(ServeOptions)}, with the clock injected (tests move time to check resume windows). */
  public static KabambeServer start(ServeOptions options, Clock clock) throws Exception {
    return start(options, Embedding.serving(clock));
  }

  /**
   * How a server runs inside a tool ({@code kabambe simulate}, flow tests) rather than for a deployment.
   *
   * @param clock         the time the services see (flow tests: a fixed moment)
   * @param callWebhooks  false to fail every webhook without calling it (flow tests must not use the network)
   * @param steps         told of every interpreter step (which nodes a flow test visits)
   * @param config        the deployment settings, instead of the options' file
   * @param schedules       false leaves campaigns, broadcasts and pending flow starts alone: a tool's participants
   *                        are scripted, and a timer's SMS arriving between two steps would be noise
   * @param retryWindow     how soon the same input counts as a gateway's retry where nothing else tells (zero for
   *                        a tool's scripted participant, who answers at once and never retries)
   */
  public record Embedding(Clock clock, boolean callWebhooks, StepListener steps, Optional<DeploymentConfig> config,
                          boolean schedules, Duration retryWindow) {
    /** A server as {@code kabambe serve} runs it, on {@code clock}. */
    public static Embedding serving(Clock clock) {
      return new Embedding(clock, true, StepListener.NONE, Optional.empty(), true, UssdService.RETRY_WINDOW);
    }
  }

  /** Starts a server as {@code embedding} says. */
  public static KabambeServer start(ServeOptions options, Embedding embedding) throws Exception {
    Clock clock = embedding.clock();
    DeploymentConfig config = embedding.config()
        .orElseGet(() -> options.config().map(DeploymentConfig::read).orElseGet(DeploymentConfig::defaults))
        .withRegion(options.region());
    if (!Files.isDirectory(options.flows())) {
      throw new IllegalArgumentException("no flows folder at " + options.flows().toAbsolutePath());
    }
    Catalog catalog = CatalogLoader.standard().load(List.of(options.flows()));
    catalog.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> log.warn("{}", d));
    log.info("{} flows loaded from {}: {}", catalog.flows().size(), options.flows(), catalog.flows().keySet());
    if (config.gatewaysOpen() && embedding.config().isEmpty()) {
      log.warn("USSD gateways are open without a token or allowlist: fine for a demo; protect them in a config file");
    }

    var metrics = new KabambeMetrics();
    String node = NodeName.resolve(options.nodeName()); // refused before anything is opened
    Database database = Database.open(options.db(), options.dbPoolSize());
    // Nodes on one PostgreSQL database share the singleton jobs; a lone node (or H2) simply holds them all.
    Singletons singletons = Singletons.start(database, node);
    log.info("node {} on database {}", node, database.location());
    var reserve = DiskReserve.of(database, config.database().diskReserve());
    metrics.diskReserve(reserve);
    database.compactionFigures().ifPresent(metrics::h2File);
    HopSink writer = GroupCommitWriter.start(database, GroupCommitWriter.Settings.DEFAULT, metrics.writer(), reserve);
    var threads = new AtomicInteger();
    ExecutorService loaders = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "kabambe-load-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Vertx vertx = Vertx.vertx();
    var registry = new FlowRegistry(catalog);
    var versions = new FlowVersions(database);
    recordVersions(versions, registry, clock);
    var watcher = new FlowWatcher(options.flows(), registry, outcome -> {
      metrics.reloaded(outcome.hasErrors());
      recordVersions(versions, registry, clock);
    }, () -> metrics.reloaded(true));
    vertx.setPeriodic(1_000, id -> vertx.executeBlocking(watcher::poll, false));
    var slots = new ParticipantSlots(new ConversationStore(database), "ussd", loaders, MAX_LIVE_CONVERSATIONS, IDLE);
    metrics.liveConversations(slots::size);
    metrics.writerQueue(writer::queued);
    var webhooks = embedding.callWebhooks() ? new WebhookClient(vertx)
        : WebhookClient.refusing(vertx, "webhooks are not called in flow tests");
    DeploymentConfig deployment = config.withSmpp(options.smpp());
    SmsChannel sms;
    try {
      sms = SmsChannel.start(vertx, database, writer, registry, webhooks, metrics, clock, deployment.sms(),
          deployment.defaultLanguage(), loaders, config.phoneNumbers(), embedding.steps(), singletons);
    } catch (RuntimeException e) {
      singletons.close();
      vertx.close();
      writer.close();
      database.close();
      throw e;
    }
    var service = new UssdService(vertx, registry, new SerialHops(slots, writer, sms::wake), webhooks, metrics, clock,
        new UssdService.Settings(config.defaultLanguage(), Duration.ofSeconds(4), 0L, config.phoneNumbers(),
            embedding.steps(), embedding.retryWindow()),
        ContactLoader.from(new ContactStore(database), () -> registry.catalog().fields(), loaders));
    sms.serveUssd(service); // USSD sessions over SMPP binds with a USSD profile
    var live = new LiveCounts(clock);
    singletons.register(ROLLUP, Singletons.Listener.NONE); // before its first round, which would otherwise skip
    var rollup = new Rollup(database, Rollup.Settings.DEFAULT, e -> {
      live.event(e);
      e.kind().ifPresent(type -> metrics.flowEvent(e.flowId(), type));
    }, () -> Breakdown.fieldsOf(registry.catalog().fields()), CrossTabQuestions.ofCurrent(registry::current))
        .start(() -> singletons.holds(ROLLUP));
    metrics.analyticsBehind(rollup::behind);
    var flowStarts = new FlowStarts(database, registry::catalog, clock,
        (id, phone, flow, origin) -> sms.startFlow(id, phone, flow, origin),
        task -> vertx.executeBlocking(() -> {
          task.run();
          return null;
        }, false), () -> singletons.holds(FLOW_STARTS));
    // One Broadcasts for the API's changes (audited) and the sender's batches (which wake the outbox and the flow
    // starts), so a pause or cancel drops the audience the sender compiled, not a second instance's.
    var broadcasts = new Broadcasts(database, registry::catalog, clock,
        new Broadcasts.Hooks(sms::wake, flowStarts::wake, Audit::record));
    var api = new ApiRoutes(registry, database, new ApiTokens(database, clock),
        Pseudonyms.of(database), live, broadcasts, clock);
    api.forgetWith(forgetting(database, rollup, config.phoneNumbers(), slots, sms, clock));
    var routes = new HttpRoutes(service, config, registry, metrics, writer, database, sms, clock, api, singletons);
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    var guard = new ConnectionGuard(config.http());
    metrics.httpConnections(guard, ConnectionGuard::open, ConnectionGuard::shed, ConnectionGuard::timedOut);
    try {
      vertx.deployVerticle(() -> new HttpVerticle(routes, options.host(), options.port(), guard),
          new DeploymentOptions().setInstances(instances)).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      sms.close();
      singletons.close();
      rollup.close();
      vertx.close();
      writer.close();
      database.close();
      throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
          + e.getMessage(), e);
    }
    log.info("serving USSD on http://{}:{}/ussd/GATEWAY (gateways: {})", options.host(), options.port(),
        config.gateways().keySet());
    var server = new KabambeServer(vertx, database, writer, loaders, webhooks, sms, rollup, options.port(), slots,
        registry, singletons, flowStarts, broadcasts);
    if (embedding.schedules()) {
      server.startCampaigns(registry, clock);
      server.startRetention(config.retention(), clock);
    }
    metrics.singletons(singletons.names(), singletons::holds);
    return server;
  }

  /**
   * Notes the versions being served, so the dashboard's timeline can mark when each was deployed (the registry
   * keeps them in memory only). A failure is logged: serving the new flows matters more than the marker.
   */
  private static void recordVersions(FlowVersions versions, FlowRegistry registry,
                                     Clock clock) {
    try {
      versions.record(registry.catalog().flows().values().stream().map(f -> new FlowVersions
          .Loaded(f.id(), f.contentHash(), f.version())).toList(), clock.instant());
    } catch (RuntimeException e) {
      log.warn("the flow versions could not be recorded for the dashboard's timeline", e);
    }
  }

  /** Campaign time zone when a campaign file sets none: {@code KABAMBE_TIMEZONE}, else UTC. */
  static ZoneId deploymentZone() {
    String tz = System.getenv("KABAMBE_TIMEZONE");
    return tz == null || tz.isBlank() ? ZoneOffset.UTC : ZoneId.of(tz.strip());
  }

  /**
   * The campaign scheduler: every active subscription is re-examined at start (messages due while the server was
   * down) and whenever the catalog is reloaded (an edited campaign), then due steps are queued every
   * {@link #CAMPAIGN_TICK}, one tick at a time on a worker thread. Broadcasts: see {@link #stepBroadcasts}. Flow
   * starts that campaigns and broadcasts recorded are dispatched as they are committed, and pending ones (a
   * crash between the commit and the start, a start that failed) at start and every {@link #FLOW_START_TICK}.
   */
  private void startCampaigns(FlowRegistry registry, Clock clock) {
    // On taking over: every pending row again, those the previous holder had in flight included.
    singletons.register(FLOW_STARTS, Singletons.Listener.onGain(flowStarts::retry));
    vertx.setPeriodic(FLOW_START_TICK.toMillis(), id -> flowStarts.retry());
    campaigns = new CampaignScheduler(database, registry::catalog, deploymentZone(), clock,
        flowStarts::wake);
    var seen = new AtomicReference<Object>();
    Object lock = new Object();
    campaignTick = () -> {
      synchronized (lock) { // one tick at a time, whoever runs it
        tickOnce(registry, seen);
      }
    };
    // On taking over: the next tick (within CAMPAIGN_TICK, as after a start) rescans every subscription.
    singletons.register(CAMPAIGNS, Singletons.Listener.onGain(() -> seen.set(null)));
    vertx.setPeriodic(CAMPAIGN_TICK.toMillis(), id -> vertx.executeBlocking(() -> {
      if (singletons.holds(CAMPAIGNS)) campaignTick.run();
      return null;
    }, true));
    // Broadcasts: scheduled ones start at their time; one interrupted by a restart resumes from its cursor.
    singletons.register(BROADCASTS, Singletons.Listener.NONE);
    vertx.setPeriodic(BROADCAST_TICK.toMillis(), id -> {
      if (singletons.holds(BROADCASTS) && broadcastsStepping.compareAndSet(false, true)) stepBroadcasts();
    });
  }

  /** Singletons: the jobs that run on one node of a cluster at a time (see {@link Singletons}). */
  static final String CAMPAIGNS = "campaigns";
  static final String BROADCASTS = "broadcasts";
  static final String FLOW_STARTS = "flow-starts";
  static final String ROLLUP = "rollup";
  static final String RETENTION = "retention";

  static final Duration BROADCAST_TICK = Duration.ofSeconds(5);
  static final Duration FLOW_START_TICK = Duration.ofSeconds(5);
  private final FlowStarts flowStarts;
  private final Broadcasts broadcasts;
  private final Object broadcastLock = new Object();
  private final AtomicBoolean broadcastsStepping =
      new AtomicBoolean();

  /**
   * One broadcast batch per worker task, the next one submitted behind whatever else the workers have queued
   * (replies' contact loads, API calls, campaign ticks), until no broadcast is due.
   */
  private void stepBroadcasts() {
    vertx.executeBlocking(this::stepBroadcastsOnce, false).onComplete(ar -> {
      if (ar.succeeded() && ar.result() && singletons.holds(BROADCASTS)) stepBroadcasts();
      else broadcastsStepping.set(false);
    });
  }

  private boolean stepBroadcastsOnce() {
    synchronized (broadcastLock) {
      try {
        return broadcasts.step().isPresent();
      } catch (RuntimeException e) {
        log.error("broadcast batch failed; retried on the next tick", e);
        return false;
      }
    }
  }

  /** Queues what due broadcasts have left, on the caller's thread (tests call it instead of waiting for the timer). */
  public void runBroadcasts() {
    while (stepBroadcastsOnce()) {
      // one batch at a time, as the timer's chain does
    }
  }

  /**
   * Reads pending flow starts again now, on the caller's thread (tests, instead of waiting for the timer); returns
   * how many it handed out (0 while another node dispatches them). They start asynchronously.
   */
  public int startPendingFlows() {
    return flowStarts.retryNow();
  }

  private void tickOnce(FlowRegistry registry, AtomicReference<Object> seen) {
      try {
        // Rescan (every active subscription looked at again) at start and when due times may have changed.
        String current = registry.catalog().campaigns().values().stream()
            .map(Campaign::scheduleFingerprint).sorted()
            .collect(Collectors.joining("\n"));
        if (!current.equals(seen.getAndSet(current))) campaigns.rescan();
        if (campaigns.tick().queued() > 0) sms.wake();
      } catch (RuntimeException e) {
        log.error("campaign scheduler tick failed; retried on the next tick", e);
      }
  }

  static final Duration CAMPAIGN_TICK = Duration.ofSeconds(20);

  /** Runs one campaign scheduler tick now, on the caller's thread (tests with an injected clock). */
  public void tickCampaigns() {
    campaignTick.run();
  }

  public int port() {
    return port;
  }

  /** Whether every configured SMS provider can send (SMPP binds bound); true when none is configured. */
  public boolean smsReady() {
    return sms.providers().stream().allMatch(SmsProvider::ready);
  }

  /** The flows being served now. */
  public Catalog catalog() {
    return flows.catalog();
  }

  /**
   * An inbound SMS, as a provider hands it over (tools that run the server in-process); completes once its
   * replies are committed to the outbox.
   */
  public CompletionStage<Void> inboundSms(InboundSms message) {
    return sms.inbound(message);
  }

  /**
   * Forgets a participant entirely (conversations, answers, events, queued SMS, contact; cached state too), so a
   * tool can replay them from scratch. Blocking; never while hops for the number are in flight.
   */
  public void forget(String phone) {
    new HopHistory(database).forget(phone);
    ussdSlots.forget(phone);
    sms.forget(phone);
  }

  /**
   * Erasure on a running server: the rollup counts the number's hops first and reloads what the erasure re-keyed,
   * and the number's cached conversations (USSD and SMS) are dropped, so nothing writes the number back.
   */
  private static Forgetting forgetting(Database database,
      Rollup rollup, PhoneNumbers numbers, ParticipantSlots ussd,
      SmsChannel sms, Clock clock) {
    var erasure = new Erasure(database, Pseudonyms.of(database),
        Audit::record, clock);
    return new Forgetting() {
      @Override
      public ParsedNumber parse(String raw) {
        return numbers.parse(raw);
      }

      @Override
      public Erasure.Outcome forget(String phone, String actor) {
        var outcome = rollup.paused(() -> erasure.forget(phone, actor));
        ussd.forget(phone);
        sms.forget(phone);
        return outcome;
      }
    };
  }

  /**
   * Purges raw rows past their retention once a day (a tool's server keeps its data), on the node holding the
   * purge's singleton.
   */
  private void startRetention(RetentionSettings settings, Clock clock) {
    singletons.register(RETENTION, Singletons.Listener.NONE);
    retention = new RetentionPurge(database, settings, clock,
        RetentionPurge.Settings.DEFAULT).start(() -> singletons.holds(RETENTION));
  }

  /** This node's singletons: its name and which jobs it runs now. */
  public Singletons singletons() {
    return singletons;
  }

  /** The database this server writes (for embedding and tests: reads only). */
  public Database database() {
    return database;
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("vert.x did not close cleanly", e);
    }
    sms.close(); // its sender records what is in flight before the bind's singleton goes to another node
    singletons.close();
    webhooks.close();
    if (retention != null) retention.close();
    writer.close();
    rollup.close(); // after the writer: nothing new to read, and it must not read a closed database
    loaders.shutdownNow();
    database.close();
  }
}
