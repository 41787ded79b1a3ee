package org.kabambe.connectors.smpp;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.session.SMPPSession;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SmsHandler;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;
import org.kabambe.connectors.ussd.UssdHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.kabambe.connectors.retry.Backoff;

/**
 * An SMS provider over one SMPP bind (jSMPP): submits on a pool of {@code window} threads, because jSMPP's
 * submit_sm blocks until its response; hands receipts and MO to the {@link SmsHandler} and acknowledges them once
 * durable; keeps the bind up with backoff. Start it with {@link #start(String, SmsHandler)}.
 *
 * <p>Stages returned by {@link #submit} complete on the provider's submit threads: chain with the {@code *Async}
 * variants (or hop to the engine's own executor) before doing more than a few microseconds of work.
 */
public final class SmppProvider implements SmsProvider {
  private static final Logger log = LoggerFactory.getLogger(SmppProvider.class);
  /** Submits waiting for a free window slot; beyond this, submit answers Retry at once (the engine paces). */
  private static final int QUEUED_SUBMITS_PER_WINDOW_SLOT = 100;

  private final SmppBindConfig config;
  private final SmppMetrics metrics;
  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor submitPool;
  private final SessionKeeper transmitter;
  private final Optional<SessionKeeper> receiver;
  private final Submitter submitter;
  private final DeliverSmListener listener;

  private SmppProvider(SmppBindConfig config, SmsHandler handler, Clock clock) {
    this.config = config;
    this.metrics = new SmppMetrics(this::bindState);
    String prefix = "smpp-" + config.name();
    this.scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named(prefix + "-scheduler"));
    this.submitPool = new ThreadPoolExecutor(config.window(), config.window(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(config.window() * QUEUED_SUBMITS_PER_WINDOW_SLOT),
        DaemonThreads.named(prefix + "-submit"));
    this.listener = new DeliverSmListener(config, handler,
        new ConcatenatedMoBuffer(config.moPartTimeout(), clock), metrics, clock);
    Backoff backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
    // deliver_sm handlers block until the engine stores them; responses to our submits share jSMPP's PDU
    // threads, so leave plenty beyond a typical SMSC deliver window for them.
    int pduThreads = config.window() + 16;
    BindType txType = config.bindMode() == BindMode.TRX ? BindType.BIND_TRX : BindType.BIND_TX;
    this.transmitter = new SessionKeeper(config, txType, listener, scheduler, metrics, backoff, pduThreads);
    this.receiver = config.bindMode() == BindMode.TXRX
        ? Optional.of(new SessionKeeper(config, BindType.BIND_RX, listener, scheduler, metrics, backoff, pduThreads))
        : Optional.empty();
    this.submitter = new Submitter(config, new SubmitPlanner(config.concat(), config.encoding(),
        ThreadLocalRandom.current().nextInt(256)), transmitter::session, metrics);
  }

  /** Parses the bind URL and starts binding in the background; {@link #ready()} turns true once bound. */
  public static SmppProvider start(String url, SmsHandler handler) {
    return start(SmppBindConfig.parse(url), handler);
  }

  /**
   * As {@link #start(String, SmsHandler)}, and USSD sessions carried by the bind (its {@code ussd=} profile) go to
   * {@code ussd}, their screens back as submit_sm on the bind. Without a profile the USSD handler is unused.
   */
  public static SmppProvider start(String url, SmsHandler handler, UssdHandler ussd) {
    SmppBindConfig config = SmppBindConfig.parse(url);
    SmppProvider provider = new SmppProvider(config, handler, Clock.systemUTC());
    if (config.ussd() != UssdProfile.NONE) {
      provider.listener.ussd(new UssdOverSmpp(config, ussd, provider.submitPool, provider.transmitter::session,
          provider.metrics));
    }
    return provider.begin();
  }

  /** Starts binding in the background; {@link #ready()} turns true once bound. */
  public static SmppProvider start(SmppBindConfig config, SmsHandler handler) {
    return start(config, handler, Clock.systemUTC());
  }

  static SmppProvider start(SmppBindConfig config, SmsHandler handler, Clock clock) {
    return new SmppProvider(config, handler, clock).begin();
  }

  private SmppProvider begin() {
    transmitter.start();
    receiver.ifPresent(SessionKeeper::start);
    long sweep = Math.max(50, Math.min(1000, config.moPartTimeout().toMillis() / 4));
    scheduler.scheduleWithFixedDelay(this::expireParts, sweep, sweep, TimeUnit.MILLISECONDS);
    log.info("{}: binding {}", config.providerName(), config);
    return this;
  }

  @Override
  public String name() {
    return config.providerName();
  }

  @Override
  public int tps() {
    return config.tps();
  }

  /** True when submits can go out: the transmitting session is bound. */
  @Override
  public boolean ready() {
    return transmitter.isBound();
  }

  public SmppBindConfig config() {
    return config;
  }

  public SmppMetrics metrics() {
    return metrics;
  }

  @Override
  public CompletionStage<SubmitResult> submit(OutboundSms message) {
    SubmitTask task = new SubmitTask(message);
    try {
      submitPool.execute(task);
    } catch (RejectedExecutionException e) {
      SubmitResult result = submitPool.isShutdown()
          ? new SubmitResult.Retry(SmppStatus.LOCAL, "provider " + name() + " is closed")
          : new SubmitResult.Retry(SmppStatus.ESME_RMSGQFUL, "local submit queue full");
      metrics.submitted(result);
      task.result.complete(result);
    }
    return task.result;
  }

  /** Stops taking submits, lets those in flight finish, unbinds gracefully and stops rebinding. */
  @Override
  public void close() {
    List<Runnable> queued = submitPool.shutdownNow();
    for (Runnable r : queued) {
      ((SubmitTask) r).result.complete(new SubmitResult.Retry(SmppStatus.LOCAL, "provider closed before sending"));
    }
    try {
      submitPool.awaitTermination(config.transactionTimer().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transmitter.close();
    receiver.ifPresent(SessionKeeper::close);
    scheduler.shutdownNow();
    log.info("{}: closed", name());
  }

  private SmppMetrics.BindState bindState() {
    if (transmitter.isClosed()) {
      return SmppMetrics.BindState.CLOSED;
    }
    boolean bound = transmitter.isBound() && receiver.map(SessionKeeper::isBound).orElse(true);
    return bound ? SmppMetrics.BindState.BOUND : SmppMetrics.BindState.BINDING;
  }

  private void expireParts() {
    try {
      listener.expireIncomplete();
    } catch (RuntimeException e) {
      log.error("{}: sweeping incomplete MO failed", name(), e);
    }
  }

  Optional<SMPPSession> transmitterSession() {
    return transmitter.session();
  }

  /** One submit on the pool; its future completes with whatever happens, even an unexpected exception. */
  private final class SubmitTask implements Runnable {
    final OutboundSms message;
    final CompletableFuture<SubmitResult> result = new CompletableFuture<>();

    SubmitTask(OutboundSms message) {
      this.message = message;
    }

    @Override
    public void run() {
      try {
        result.complete(submitter.submit(message));
      } catch (RuntimeException | Error e) {
        log.error("{}: submit of message {} failed unexpectedly", name(), message.id(), e);
        SubmitResult unknown = new SubmitResult.Unknown("internal error: " + e);
        metrics.submitted(unknown);
        result.complete(unknown);
      }
    }
  }
}
