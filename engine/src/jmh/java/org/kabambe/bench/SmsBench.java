package org.kabambe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.kabambe.connectors.smpp.SmppProvider;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsHandler;
import org.kabambe.outbox.OutboxSender;
import org.kabambe.outbox.ProviderRouter;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.Database;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopSink;
import org.kabambe.store.HopWrite;
import org.kabambe.store.OutboxRow;
import org.kabambe.store.WriterMetrics;

/**
 * SMS throughput and latency against the in-process SMSC simulator on loopback, with H2 files (scripts/bench-sms):
 * (a) sustained submits/s of durable outbox rows with no TPS cap, (b) the achieved rate under a configured tps,
 * (c) MO-to-reply latency through the whole server (keyword MO -> flow -> outbox -> submit at the SMSC).
 * Arguments: {@code [rows=20000] [paced_seconds=20] [paced_tps=100] [mo=300] [receipts=on|off] [only=abc] [cpu=on]}
 * ({@code cpu=on}: each thread's CPU time after (a)).
 */
public final class SmsBench {
  private SmsBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("Usage: scripts/bench-sms [rows=20000] [paced_seconds=20] [paced_tps=100] [mo=300] "
          + "[receipts=on|off] [only=abc] [cpu=on]");
      return;
    }
    Map<String, String> a = new ConcurrentHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq > 0) a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int rows = Integer.parseInt(a.getOrDefault("rows", "20000"));
    int pacedSeconds = Integer.parseInt(a.getOrDefault("paced_seconds", "20"));
    int pacedTps = Integer.parseInt(a.getOrDefault("paced_tps", "100"));
    int mo = Integer.parseInt(a.getOrDefault("mo", "300"));
    boolean receipts = !"off".equals(a.getOrDefault("receipts", "on"));
    Path dir = Files.createTempDirectory("kabambe-bench-sms");
    String only = a.getOrDefault("only", "abc");
    try {
      if (only.contains("a")) sustained(dir.resolve("a/kabambe"), rows, receipts, "on".equals(a.get("cpu")));
      if (only.contains("b")) paced(dir.resolve("b/kabambe"), pacedTps, pacedSeconds);
      if (only.contains("c")) moLatency(dir.resolve("c/kabambe"), mo, receipts);
    } finally {
      deleteTree(dir);
    }
    System.exit(0);
  }

  /** (a) Rows queued first (group-commit writer), then the sender drains them through an uncapped bind. */
  static void sustained(Path db, int rows, boolean receipts, boolean cpu) throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(options(receipts))) {
      Database database = Database.open(db.toString());
      queue(database, rows, "+2547200", "Bench message: your clinic visit is on Monday at 9.");
      // Receipts go into the outbox as in the server: they share the sender's database.
      var holder = new java.util.concurrent.atomic.AtomicReference<OutboxSender>();
      SmppProvider provider = SmppProvider.start(smsc.url("tps=100000&window=32&name=bench"), receiptsTo(holder));
      await(provider::ready, Duration.ofSeconds(20), "bind");
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      OutboxSender sender = OutboxSender.builder(database, ProviderRouter.single(provider)).start();
      holder.set(sender);
      long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
      int got;
      while ((got = smsc.received().size()) < rows && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuMicros = (processCpuNanos() - cpu0) / 1e3 / Math.max(1, got);
      System.out.printf("(a) sustained: %d of %d durable outbox rows submitted in %.2f s = %.0f submits/s"
          + " (no TPS cap, window 32, receipts %s); process CPU %.0f µs a submit (simulator included)%n", got, rows,
          seconds, got / seconds, receipts ? "on, recorded in the outbox" : "off", cpuMicros);
      if (cpu) threadCpu();
      provider.close(); // first: receipts still arriving would find the sender closed
      sender.close();
      database.close();
    }
  }

  /** (b) A bind configured at {@code tps}: the rate measured over {@code seconds} after a one-second warm-up. */
  static void paced(Path db, int tps, int seconds) throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(options(true))) {
      Database database = Database.open(db.toString());
      queue(database, tps * (seconds + 5), "+2547300", "Paced message.");
      SmppProvider provider = SmppProvider.start(smsc.url("tps=" + tps + "&window=10&name=paced"), NO_ENGINE);
      await(provider::ready, Duration.ofSeconds(20), "bind");
      OutboxSender sender = OutboxSender.builder(database, ProviderRouter.single(provider)).start();
      Thread.sleep(1_000);
      long startCount = smsc.submits();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1_000L);
      long n = smsc.submits() - startCount;
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double rate = n / elapsed;
      System.out.printf("(b) paced: configured tps=%d, measured %.1f submits/s over %.1f s (%+.1f%%)%n", tps, rate,
          elapsed, 100.0 * (rate - tps) / tps);
      provider.close(); // first: receipts still arriving would find the sender closed
      sender.close();
      database.close();
    }
  }

  /** (c) Keyword MO from the SMSC to the flow's first reply arriving back at the SMSC, through the whole server. */
  static void moLatency(Path db, int count, boolean receipts) throws Exception {
    Path flows = Path.of(System.getProperty("kabambe.flows", "flows")).toAbsolutePath();
    try (SmscSimulator smsc = SmscSimulator.start(options(receipts))) {
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      smsc.onReceived(m -> {
        Long t = sentAt.remove(m.to());
        if (t != null) latencies.add(System.nanoTime() - t);
      });
      int port;
      try (var s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      try (KabambeServer server = KabambeServer.start(new ServeOptions("127.0.0.1", port, flows, db.toString(),
          Optional.empty(), List.of(smsc.url("tps=100000&window=16"))), Clock.systemUTC())) {
        await(server::smsReady, Duration.ofSeconds(20), "bind");
        int warmup = Math.min(50, count / 5);
        for (int i = 0; i < count + warmup; i++) {
          String phone = "2547400" + String.format("%05d", i);
          if (i == warmup) latencies.clear();
          sentAt.put(phone, System.nanoTime());
          smsc.sendMo(phone, "384", "VAX").get(10, TimeUnit.SECONDS);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (sentAt.containsKey(phone) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(0, 200_000);
          }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("(c) MO->reply latency over %d keyword MOs (one at a time, receipts %s): p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms%n", sorted.length, receipts ? "on" : "off", pct(sorted, 50), pct(sorted, 99),
            sorted[sorted.length - 1] / 1e6);
      }
    }
  }

  /** CPU time of the whole JVM (every thread, GC and JIT included): the figure to compare on a shared machine. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * Prints the CPU time of the live threads by group (a name without its numbers), biggest first: where the
   * sustained run's time went. Threads that ended, and the JVM's own (GC, JIT), are in the process figure only.
   */
  private static void threadCpu() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    var groups = new java.util.TreeMap<String, Long>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        groups.merge(info.getThreadName().replaceAll("-[0-9a-f]{8}$|-[0-9]+", "-N"), mx.getThreadCpuTime(info.getThreadId()),
            Long::sum);
      }
    }
    groups.entrySet().stream().filter(e -> e.getValue() > 20_000_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf("    cpu %-40s %6d ms%n", e.getKey(), e.getValue() / 1_000_000));
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private static SmscSimulator.Options options(boolean receipts) {
    return SmscSimulator.Options.forTests("bench", "pw").withReceiptDelay(receipts ? Duration.ofMillis(50) : null);
  }

  private static void queue(Database database, int rows, String prefix, String text) throws Exception {
    long t0 = System.nanoTime();
    try (HopSink writer = GroupCommitWriter.start(database, GroupCommitWriter.Settings.DEFAULT,
        WriterMetrics.NONE)) {
      Instant now = Instant.now();
      var pending = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
      for (int i = 0; i < rows; i += 100) {
        var batch = new ArrayList<OutboxRow>();
        for (int j = i; j < Math.min(rows, i + 100); j++) {
          batch.add(new OutboxRow(prefix + String.format("%06d", j), text, now));
        }
        pending.add(writer.submit(new HopWrite(Optional.empty(), List.of(), List.of(), batch)));
      }
      java.util.concurrent.CompletableFuture.allOf(pending.toArray(new java.util.concurrent.CompletableFuture[0]))
          .get(120, TimeUnit.SECONDS);
    }
    System.out.printf("    queued %d outbox rows in %.2f s%n", rows, (System.nanoTime() - t0) / 1e9);
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private static SmsHandler receiptsTo(java.util.concurrent.atomic.AtomicReference<OutboxSender> sender) {
    return new SmsHandler() {
      @Override
      public java.util.concurrent.CompletionStage<Void> inbound(InboundSms message) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }

      @Override
      public java.util.concurrent.CompletionStage<Void> receipt(DeliveryReport report) {
        OutboxSender s = sender.get();
        return s == null ? java.util.concurrent.CompletableFuture.completedFuture(null)
            : s.receipts().record(report);
      }
    };
  }

  private static final SmsHandler NO_ENGINE = new SmsHandler() {
    @Override
    public java.util.concurrent.CompletionStage<Void> inbound(InboundSms message) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> receipt(DeliveryReport report) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
  };

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

}
