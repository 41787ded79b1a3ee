package org.kabambe.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.cluster.Singletons;
import org.kabambe.connectors.africastalking.AfricasTalkingSmsProvider;
import org.kabambe.connectors.africastalking.AfricasTalkingSmsRoutes;
import org.kabambe.connectors.africastalking.AfricasTalkingSmsSettings;
import org.kabambe.connectors.retry.Backoff;
import org.kabambe.connectors.smpp.SmppBindConfig;
import org.kabambe.connectors.smpp.SmppProvider;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsHandler;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.ussd.GatewayConfig;
import org.kabambe.connectors.ussd.UssdHandler;
import org.kabambe.connectors.ussd.UssdReply;
import org.kabambe.connectors.ussd.UssdRequest;
import org.kabambe.contact.ContactStore;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.conversation.ContactLoader;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.conversation.ParticipantSlots;
import org.kabambe.conversation.SerialHops;
import org.kabambe.flow.Flow;
import org.kabambe.metrics.KabambeMetrics;
import org.kabambe.outbox.OutboxSender;
import org.kabambe.outbox.OutboxSettings;
import org.kabambe.outbox.ProviderRouter;
import org.kabambe.runtime.StepListener;
import org.kabambe.sms.ReplyTimeouts;
import org.kabambe.sms.SmsService;
import org.kabambe.sms.SmsTimeouts;
import org.kabambe.store.Database;
import org.kabambe.store.HopSink;
import org.kabambe.webhook.WebhookClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS side of a server: providers (SMPP binds, Africa's Talking), the outbox sender that paces and tracks
 * every MT, the SMS service answering MO, and the reply-timeout job. It is the {@link SmsHandler} the providers
 * call: inbound messages go to the SMS service, delivery receipts to the sender's receipt recorder.
 */
final class SmsChannel implements SmsHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmsChannel.class);

  private final List<SmsProvider> providers = new ArrayList<>();
  private final SmsConfig config;
  private final SmsService service;
  private final SmsTimeouts timeouts;
  private final Context context;
  private volatile OutboxSender sender;
  private volatile UssdHandler ussd;
  private final ParticipantSlots slots;

  private SmsChannel(SmsConfig config, SmsService service, SmsTimeouts timeouts, Context context,
                     ParticipantSlots slots) {
    this.slots = slots;
    this.config = config;
    this.service = service;
    this.timeouts = timeouts;
    this.context = context;
  }

  static SmsChannel start(Vertx vertx, Database db, HopSink writer, FlowRegistry flows, WebhookClient webhooks,
                          KabambeMetrics metrics, Clock clock, SmsConfig config, String defaultLanguage,
                          Executor loaders, PhoneNumbers numbers,
                          StepListener steps, Singletons singletons) {
    var slots = new ParticipantSlots(SmsService.loader(new ConversationStore(db), new ContactStore(db)), loaders,
        KabambeServer.MAX_LIVE_CONVERSATIONS, KabambeServer.IDLE);
    var holder = new SmsChannel[1];
    var hops = new SerialHops(slots, writer, () -> holder[0].wake());
    var service = new SmsService(vertx.getOrCreateContext(), flows, hops, webhooks, clock,
        new SmsService.Settings(defaultLanguage, config.replyTimeout(), Duration.ofSeconds(10), 0L,
            numbers, steps), ContactLoader.from(new ContactStore(db), () -> flows.catalog().fields(),
        loaders));
    var channel = new SmsChannel(config, service, new SmsTimeouts(db, clock,
        new ReplyTimeouts(flows::catalog, config.replyTimeout()), 500),
        vertx.getOrCreateContext(), slots);
    holder[0] = channel;
    channel.startProviders(vertx);
    if (channel.providers.isEmpty()) {
      log.warn("no SMS provider configured (--smpp or the config file): SMS replies wait in the outbox");
    } else {
      ProviderRouter router = channel.router();
      var contacts = new ContactStore(db);
      var settings = OutboxSettings.defaults().withBackoff(new Backoff(config.retryMin(), config.retryMax()));
      // Every node runs a sender (it records the receipts its binds hand over), but sends only for the providers
      // whose singleton it holds; a row committed on another node goes out at the holder's next poll (500 ms).
      OutboxSender sender = OutboxSender.builder(db, router).recipientPolicy(contacts::mayReceive)
          .metrics(metrics.outbox()).settings(settings.withNodeId(singletons.node())).clock(clock)
          .sendsFor(singletons::holds).start();
      channel.sender = sender;
      metrics.smsProviders(channel.providers);
      for (SmsProvider provider : channel.providers) {
        singletons.register(provider.name(), new ProviderSingleton(provider, sender));
      }
    }
    singletons.register(SMS_TIMEOUTS, Singletons.Listener.NONE);
    vertx.setPeriodic(60_000, id -> {
      if (!singletons.holds(SMS_TIMEOUTS)) return; // another node ends the waits that time out
      vertx.executeBlocking(channel.timeouts::due, false)
          .onSuccess(due -> due.forEach(phone -> service.tick(phone)
              .onFailure(e -> log.warn("reply timeout check failed for a number", e))));
    });
    return channel;
  }

  /** The singleton of the SMS reply timeouts' job. */
  static final String SMS_TIMEOUTS = "sms-timeouts";

  /**
   * One provider's sender, singleton per cluster (named as the provider): on gaining it this node opens the bind
   * and settles the sends the previous holder left unrecorded; on losing it, unbinds.
   */
  private record ProviderSingleton(SmsProvider provider, OutboxSender sender) implements Singletons.Listener {
    @Override
    public void gained() {
      if (provider instanceof SingletonBind bind) bind.gained();
      try {
        sender.settleAbandoned(provider.name()).join();
      } catch (RuntimeException e) {
        // The bind stays open: what the previous holder left 'submitting' is never resent, only left unsettled.
        log.error("{}: could not settle the sends another node left unrecorded; they stay 'submitting' until this"
            + " provider is taken over again", provider.name(), e);
      }
    }

    @Override
    public void lost() {
      if (provider instanceof SingletonBind bind) bind.lost();
    }
  }

  private void startProviders(Vertx vertx) {
    for (String url : config.smpp()) {
      try {
        SmppBindConfig bind = SmppBindConfig.parse(url);
        if (providers.stream().anyMatch(p -> p.name().equals(bind.providerName()))) {
          throw new IllegalArgumentException("two binds are named " + bind.providerName() + ": give each its own"
              + " name= parameter");
        }
        providers.add(new SingletonBind(bind, () -> SmppProvider.start(url, this, this::ussdHop)));
      } catch (IllegalArgumentException e) {
        close();
        throw new IllegalArgumentException("SMPP bind: " + e.getMessage(), e);
      }
    }
    config.africastalking().ifPresent(at -> {
      var settings = new AfricasTalkingSmsSettings(AfricasTalkingSmsSettings.DEFAULT_NAME,
          at.baseUrl().map(URI::create).orElse(AfricasTalkingSmsSettings.PRODUCTION), at.username(), at.apiKey(),
          at.from(), at.tps(), Duration.ofSeconds(5), Duration.ofSeconds(30));
      providers.add(new AfricasTalkingSmsProvider(vertx, settings));
    });
  }

  private ProviderRouter router() {
    Optional<SmsProvider> fallback = Optional.of(providers.get(0));
    var router = new ProviderRouter(List.of(), fallback);
    for (var route : config.routes().entrySet()) {
      SmsProvider p = providers.stream().filter(x -> x.name().equals(route.getValue())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("sms route " + route.getKey() + " names provider '"
              + route.getValue() + "', but the providers are " + providers.stream().map(SmsProvider::name).toList()));
      router = router.withPrefix(route.getKey(), p);
    }
    return router;
  }

  /** Mounts the Africa's Talking SMS callbacks when that provider is configured. */
  void mount(Router router, Clock clock) {
    config.africastalking().ifPresent(at -> {
      GatewayConfig gate = at.token().map(GatewayConfig::withToken).orElse(GatewayConfig.open());
      new AfricasTalkingSmsRoutes(AfricasTalkingSmsSettings.DEFAULT_NAME, gate, this, clock).mount(router);
    });
  }

  /** Where USSD sessions carried by SMPP binds with a USSD profile ({@code ussd=default}) go. */
  void serveUssd(UssdHandler handler) {
    this.ussd = handler;
  }

  /** A USSD hop from an SMPP bind (on a jSMPP thread): handled on the Vert.x context, like HTTP gateways' hops. */
  private Future<UssdReply> ussdHop(UssdRequest request) {
    UssdHandler handler = ussd;
    if (handler == null) {
      return Future.failedFuture(new IllegalStateException("the USSD service is not started yet"));
    }
    Promise<UssdReply> reply = Promise.promise();
    context.runOnContext(v -> {
      try {
        handler.handle(request).onComplete(reply);
      } catch (RuntimeException e) {
        reply.fail(e);
      }
    });
    return reply.future();
  }

  /** Drops a number's cached SMS state (see KabambeServer#forget). */
  void forget(String phone) {
    slots.forget(phone);
  }

  List<SmsProvider> providers() {
    return List.copyOf(providers);
  }

  void wake() {
    OutboxSender s = sender;
    if (s != null) s.wake();
  }

  /** Makes a recorded flow start (a campaign's {@code flow:} step, a flow broadcast): see SmsService#startFlow. */
  CompletionStage<Void> startFlow(long recorded, String phone, Flow flow, String why) {
    return service.startFlow(recorded, phone, flow, why);
  }

  @Override
  public CompletionStage<Void> inbound(InboundSms message) {
    return service.inbound(message);
  }

  @Override
  public CompletionStage<Void> receipt(DeliveryReport report) {
    OutboxSender s = sender;
    return s == null ? CompletableFuture.completedFuture(null) : s.receipts().record(report);
  }

  @Override
  public void close() {
    OutboxSender s = sender;
    if (s != null) s.close();
    for (SmsProvider p : providers) {
      try {
        p.close();
      } catch (RuntimeException e) {
        log.warn("closing SMS provider {} failed", p.name(), e);
      }
    }
  }
}
