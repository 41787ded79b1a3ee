package org.kabambe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.events.EventType;
import org.kabambe.outbox.FailureCause;
import org.kabambe.outbox.OutboxMetrics;
import org.kabambe.store.CompactionFigures;
import org.kabambe.store.DiskReserve;
import org.kabambe.store.WriterMetrics;

/**
 * The figures operations watch, in Prometheus text at {@code GET /metrics}: hops by gateway and outcome, hop
 * latency, live conversations, commit batch sizes and latency, flow reload errors.
 */
public final class KabambeMetrics {
  private static final String SUBMITS = "kabambe.sms.submits";
  private static final String SUBMITS_HELP = "SMS submissions to a provider, by result (accepted, retry, rejected, "
      + "unknown)";
  private static final String FINAL = "kabambe.sms.final";
  private static final String FINAL_HELP = "SMS that reached a final state (delivered, failed, expired)";
  private static final String PURGED = "Delivery receipts kept for a submit result that never came, then deleted";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer hopLatency;
  private final DistributionSummary batchSize;
  private final Timer commitLatency;
  private final Counter commitFailures;
  private final Counter writerRejections;
  private final Counter reloadErrors;
  private final Counter reloads;
  private final AtomicLong outboxQueued = new AtomicLong();

  public KabambeMetrics() {
    hopLatency = Timer.builder("kabambe.ussd.hop")
        .description("Time from a USSD request arriving to its reply leaving (incl. the durable commit)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    batchSize = DistributionSummary.builder("kabambe.store.commit.batch.hops")
        .description("Hops committed together in one transaction").publishPercentileHistogram()
        .minimumExpectedValue(1.0).maximumExpectedValue(1024.0).register(registry);
    commitLatency = Timer.builder("kabambe.store.commit")
        .description("Time to write and commit one batch").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(5))
        .register(registry);
    commitFailures = Counter.builder("kabambe.store.commit.failures")
        .description("Commits that failed: a batch of hops, or one hop written alone").register(registry);
    writerRejections = Counter.builder("kabambe.store.rejected.hops")
        .description("Hops refused because the writer queue was full").register(registry);
    reloadErrors = Counter.builder("kabambe.flows.reload.errors")
        .description("Flow reloads that found errors (the previous versions kept serving)").register(registry);
    reloads = Counter.builder("kabambe.flows.reloads").description("Flow folder reloads, with or without errors")
        .register(registry);
    Gauge.builder("kabambe.sms.outbox.queued", outboxQueued, AtomicLong::get)
        .description("SMS waiting to be sent").register(registry);
  }

  public void hop(String gateway, String outcome, long nanos) {
    count("kabambe.ussd.hops", "USSD requests answered, by gateway and outcome", "gateway", gateway, "outcome",
        outcome);
    hopLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void unknownServiceCode(String gateway) {
    count("kabambe.ussd.unknown.codes", "USSD requests for a service code no flow is triggered by", "gateway", gateway);
  }

  public void liveConversations(Supplier<Number> size) {
    Gauge.builder("kabambe.conversations.live", size).description("Numbers with a session in memory")
        .register(registry);
  }

  /**
   * HTTP connections open, and those closed for a cap (shed) or a deadline (slow or idle clients). Meters hold
   * {@code source} weakly: pass the object the server keeps, not a lambda.
   */
  public <T> void httpConnections(T source, ToDoubleFunction<T> open, ToDoubleFunction<T> shed,
                                  ToDoubleFunction<T> timedOut) {
    Gauge.builder("kabambe.http.connections", source, open).description("HTTP connections open").register(registry);
    FunctionCounter.builder("kabambe.http.connections.shed", source, shed)
        .description("Connections closed on arrival because the server or the client's address was at its cap")
        .register(registry);
    FunctionCounter.builder("kabambe.http.connections.timed.out", source, timedOut)
        .description("Connections closed for sending a request head or body too slowly, or idling too long")
        .register(registry);
  }

  public void writerQueue(Supplier<Number> queued) {
    Gauge.builder("kabambe.store.queue", queued).description("Hops waiting for the writer").register(registry);
  }

  /** The free space and the reserve of each folder the database writes to (see DiskReserve). */
  public void diskReserve(DiskReserve reserve) {
    for (int i = 0; i < reserve.folders().size(); i++) {
      int at = i;
      String path = reserve.folders().get(i).path().toString();
      Gauge.builder("kabambe.disk.free", () -> reserve.folders().get(at).freeBytes()).baseUnit("bytes")
          .description("Free bytes on the disk of a database folder (hops are refused below the reserve)")
          .tag("path", path).register(registry);
      Gauge.builder("kabambe.disk.reserve", () -> reserve.folders().get(at).reserveBytes()).baseUnit("bytes")
          .description("Free bytes kept on the disk of a database folder: below this, hops are refused (busy)")
          .tag("path", path).register(registry);
    }
  }

  /** The H2 file's size and live data as its compactor last saw them, and what compacting it costs. */
  public void h2File(CompactionFigures f) {
    Gauge.builder("kabambe.h2.file", f, CompactionFigures::fileBytes).baseUnit("bytes")
        .description("Size of the H2 file at the compactor's last check").register(registry);
    Gauge.builder("kabambe.h2.live", f, CompactionFigures::liveBytes).baseUnit("bytes")
        .description("H2's estimate of the bytes its live pages fill, at the compactor's last check").register(registry);
    Gauge.builder("kabambe.h2.compaction.step.last", f, x -> x.lastStepNanos() / 1e9).baseUnit("seconds")
        .description("How long the last compaction step held H2's store lock (commits wait for it)").register(registry);
    Gauge.builder("kabambe.h2.compaction.step.longest", f, x -> x.longestStepNanos() / 1e9).baseUnit("seconds")
        .description("The longest a compaction step held H2's store lock since start").register(registry);
    Gauge.builder("kabambe.h2.compaction.step.longest.cpu", f, x -> x.longestStepCpuNanos() / 1e9).baseUnit("seconds")
        .description("The most CPU time one compaction step took since start").register(registry);
    FunctionCounter.builder("kabambe.h2.compaction.steps", f, CompactionFigures::steps)
        .description("Compaction steps run since start").register(registry);
    FunctionCounter.builder("kabambe.h2.compaction.cpu", f, x -> x.cpuNanos() / 1e9).baseUnit("seconds")
        .description("CPU time the compactor's thread spent since start").register(registry);
  }

  public void reloaded(boolean withErrors) {
    reloads.increment();
    if (withErrors) reloadErrors.increment();
  }

  /** Feeds the group-commit writer's callbacks into the registry. */
  public WriterMetrics writer() {
    return new WriterMetrics() {
      public void batchCommitted(int hops, int rows, long nanos) {
        batchSize.record(hops);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
      }

      public void batchFailed(int hops, Throwable cause) {
        commitFailures.increment();
      }

      public void hopFailed(Throwable cause) {
        commitFailures.increment();
      }

      public void hopRejected() {
        writerRejections.increment();
      }
    };
  }

  /** Feeds the SMS sender's outcomes into the registry. */
  public OutboxMetrics outbox() {
    return new OutboxMetrics() {
      public void submitted(String provider) {
        count(SUBMITS, SUBMITS_HELP, "provider", provider, "result", "accepted");
      }

      public void retried(String provider, int status) {
        count(SUBMITS, SUBMITS_HELP, "provider", provider, "result", "retry");
      }

      public void rejected(String provider, int status) {
        count(SUBMITS, SUBMITS_HELP, "provider", provider, "result", "rejected");
      }

      public void unknown(String provider) {
        count(SUBMITS, SUBMITS_HELP, "provider", provider, "result", "unknown");
      }

      public void delivered() {
        count(FINAL, FINAL_HELP, "state", "delivered");
      }

      public void failed(FailureCause cause) {
        count(FINAL, FINAL_HELP, "state", "failed");
      }

      public void expired() {
        count(FINAL, FINAL_HELP, "state", "expired");
      }

      public void queueDepth(long queued) {
        outboxQueued.set(queued);
      }

      public void receiptUnmatched(String provider) {
        count("kabambe.sms.receipts.unmatched", "Delivery receipts that matched no sent SMS, by provider", "provider",
            provider);
      }

      public void earlyReceiptsPurged(int count) {
        Counter.builder("kabambe.sms.receipts.purged").description(PURGED).register(registry).increment(count);
      }
    };
  }

  /** Whether each SMS provider can send now (an SMPP bind is bound): 1 or 0, for alerting. */
  public void smsProviders(List<SmsProvider> providers) {
    for (var p : providers) {
      Gauge.builder("kabambe.sms.provider.ready", p, x -> x.ready() ? 1 : 0).tag("provider", p.name())
          .description("1 when the SMS provider can send now (an SMPP bind is bound), else 0").register(registry);
    }
  }

  /** One gauge per singleton job: 1 while this node runs it (holds its lock), else 0. */
  public void singletons(List<String> names, Predicate<String> held) {
    for (String name : names) {
      Gauge.builder("kabambe.singleton.held", name, n -> held.test(n) ? 1 : 0).tag("singleton", name)
          .description("1 while this node runs the singleton job (holds its PostgreSQL advisory lock), else 0")
          .register(registry);
    }
  }

  /** Event types counted per flow for alerting (sessions started/completed, leaves, opt-outs); others are ignored. */
  private static final Set<EventType> FLOW_EVENTS = EnumSet.of(EventType.SESSION_STARTED,
      EventType.FLOW_COMPLETED, EventType.SESSION_ABANDONED, EventType.SESSION_DROPPED, EventType.SESSION_EXPIRED,
      EventType.OPTED_OUT, EventType.INVALID_ANSWER, EventType.FLOW_ERROR);

  /** Counts an event the measurement rollup read (about a second after its hop): kabambe_flow_events_total. */
  public void flowEvent(String flowId, EventType type) {
    if (!FLOW_EVENTS.contains(type)) return;
    count("kabambe.flow.events", "Flow events the rollup read, by flow and type (sessions, leaves, opt-outs, errors)",
        "flow", flowId.isEmpty() ? "none" : flowId, "type", type.storedName());
  }

  /** Rows the measurement rollup has still to read: a growing value means the dashboard's figures are stale. */
  public void analyticsBehind(Supplier<Number> rows) {
    Gauge.builder("kabambe.analytics.behind.rows", rows).description("Event and answer rows not yet in the figures")
        .register(registry);
  }

  /** Counts one under {@code name} and {@code tags}: every counter says what it counts (its HELP in /metrics). */
  private void count(String name, String description, String... tags) {
    Counter.builder(name).description(description).tags(tags).register(registry).increment();
  }

  /** Everything in Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }
}
