package org.kabambe.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;

/**
 * A load generator for the USSD path (a benchmark that prints figures, not a test). Simulated participants walk
 * the Africa's Talking protocol through a flow with no think time, over the non-blocking Vert.x HTTP client.
 *
 * <ul>
 *   <li>closed loop (default): N participants each send their next hop as soon as the previous reply arrives;
 *       prints hops/s and latency percentiles, then the same client against a bare Vert.x server answering
 *       {@code END ok} (the ceiling) and the ratio;</li>
 *   <li>open loop ({@code --rate R}): hops are scheduled at R/s whatever the replies do; latency is measured from
 *       the intended send time (coordinated omission: a stalled server shows as latency, not as fewer samples);</li>
 *   <li>memory ({@code --conversations N}): a server in its own JVM ({@code --server-heap}, default 512m) gets N
 *       first hops from N distinct numbers; its heap after a full GC is measured inside that JVM, so the
 *       figure has no share of the load generator.</li>
 * </ul>
 *
 * Every session uses a new phone number (so no "continue where you left off" offer interrupts the walk: each
 * session is a new participant's first and only session); when a reply is END the participant dials again.
 * By default the server runs in this JVM on a free port with an H2 file database in a temporary folder
 * ({@code --fork}: in a child JVM; {@code --url}: an already running server on 127.0.0.1).
 */
public final class UssdLoad {
  private static final String AT_PATH = "/ussd/africastalking";
  private static final String CEILING_REPLY = "END ok";

  private UssdLoad() {}

  /** Command-line options; see {@link #usage()}. */
  static final class Options {
    Optional<String> url = Optional.empty();
    List<Integer> concurrency = List.of(200);
    int warmupSeconds = 5;
    int durationSeconds = 20;
    int rate;
    boolean ceiling = true;
    int conversations;
    boolean fork;
    /** Unset: 1g as {@code scripts/kabambe serve} runs, or the 512m of the target in a memory run. */
    String serverHeap;
    List<String> serverJvm = List.of("-XX:+UseParallelGC", "-XX:NewRatio=1");
    String db = "file";
    /** {@code --postgres}: a durable PostgreSQL of the bench's own, started for the run and removed after. */
    boolean postgres;
    Path flows = Path.of("flows");
    int clientLoops = 1;
    int serverLoops;
    String serviceCode = "*384*12#";
    List<String> inputs = List.of("1", "1", "25", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1");
    boolean serve;
    long dashboardPauseMillis = -1;
    Optional<String> dashboardToken = Optional.empty();
    String dashboardFlow = "vaccine-confidence";
    /** With {@code --url}: the server JVMs behind it, on this machine, whose CPU to measure. */
    List<Long> serverPids = List.of();
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-ussd: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    if (o.serve) {
      serveChild(o);
      return;
    }
    if (!o.postgres) {
      System.exit(new UssdLoad.Run(o).call());
    }
    // The test harness's server (engine/src/test testing/PostgresServer), with PostgreSQL's durable defaults.
    var server = org.kabambe.testing.PostgresServer.startDurable();
    int status;
    try {
      o.db = server.newDatabase();
      System.out.println("bench-ussd: PostgreSQL " + server.dataDir() + " (fsync on, synchronous_commit on), " + o.db);
      status = new UssdLoad.Run(o).call();
    } finally {
      server.stop();
    }
    System.exit(status);
  }

  static String usage() {
    return """
        usage: bench-ussd [options]
          --concurrency N[,N…]   simulated participants in flight (default 200); several: one run each
          --warmup S             seconds discarded before measuring (default 5)
          --duration S           seconds measured (default 20)
          --rate R               open loop: R hops/s scheduled, latency from the intended send time (after a
                                 closed-loop JIT warm-up and 3 s at the rate)
          --no-ceiling           skip the bare Vert.x "END ok" server run
          --conversations N      memory: N live conversations (one hop each) in a server JVM of its own,
                                 then its heap after a full GC
          --server-heap SIZE     -Xmx of a child server JVM (default 1g as scripts/kabambe serve, 512m with
                                 --conversations)
          --fork                 run the server in a child JVM for the throughput runs too
          --server-jvm FLAGS     extra JVM flags of a child server, space-separated (default as scripts/kabambe
                                 serve: -XX:+UseParallelGC -XX:NewRatio=1)
          --db file|mem|URL      H2 file database in a temporary folder (default), H2 in memory, or a
                                 PostgreSQL database on this machine (jdbc:postgresql://127.0.0.1:5432/db?user=…)
          --postgres             a durable PostgreSQL of the bench's own (initdb in a temporary folder, fsync
                                 and synchronous_commit on), removed after the run
          --flows DIR            flows folder (default flows)
          --client-loops N       event loops of the load generator (default 1)
          --server-loops N       CPUs the server JVM sees (-XX:ActiveProcessorCount; Kabambe runs one event loop
                                 per CPU): with --fork or --conversations only
          --url URL              target a running server (127.0.0.1 only), e.g.
                                 http://127.0.0.1:8080/ussd/africastalking
          --service-code CODE    dialled code (default *384*12#)
          --inputs A,B,…         answers after each CON screen, in order; "1" once they run out
                                 (default 1,1,25,1,1,1,1,1,1,1,1,1,1: the vaccine-confidence walk, 14 hops)
          --dashboard MS         while measuring, also time the dashboard's API calls (live, a flow's figures,
                                 funnel, results, arms), one at a time with MS ms between rounds: p50/p99/max
          --dashboard-flow ID    the flow those calls show (default vaccine-confidence)
          --dashboard-token T    a viewer token, with --url (else the bench creates one in its server)
          --server-pids P,P,…    with --url: the server JVMs behind it (this machine): their CPU a hop, in all
                                 and each (as scripts/bench-cluster does for the nodes behind HAProxy)
          (--db URL with --url: that PostgreSQL's CPU, WAL and rows a hop, when it runs on this machine)""";
  }

  static Options parse(String[] args) {
    var o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--concurrency" -> o.concurrency = Arrays.stream(need(a, v).split(",")).map(Integer::parseInt).toList();
        case "--warmup" -> o.warmupSeconds = Integer.parseInt(need(a, v));
        case "--duration" -> o.durationSeconds = Integer.parseInt(need(a, v));
        case "--rate" -> o.rate = Integer.parseInt(need(a, v));
        case "--no-ceiling" -> {
          o.ceiling = false;
          continue;
        }
        case "--conversations" -> o.conversations = Integer.parseInt(need(a, v));
        case "--server-heap" -> o.serverHeap = need(a, v);
        case "--fork" -> {
          o.fork = true;
          continue;
        }
        case "--server-jvm" -> o.serverJvm = Arrays.stream(need(a, v).trim().split("\\s+"))
            .filter(s -> !s.isEmpty()).toList();
        case "--db" -> o.db = need(a, v);
        case "--postgres" -> {
          o.postgres = true;
          continue;
        }
        case "--flows" -> o.flows = Path.of(need(a, v));
        case "--client-loops" -> o.clientLoops = Integer.parseInt(need(a, v));
        case "--server-loops" -> o.serverLoops = Integer.parseInt(need(a, v));
        case "--url" -> o.url = Optional.of(need(a, v));
        case "--service-code" -> o.serviceCode = need(a, v);
        case "--inputs" -> o.inputs = List.of(need(a, v).split(","));
        case "--dashboard" -> o.dashboardPauseMillis = Long.parseLong(need(a, v));
        case "--dashboard-flow" -> o.dashboardFlow = need(a, v);
        case "--dashboard-token" -> o.dashboardToken = Optional.of(need(a, v));
        case "--server-pids" -> o.serverPids = Arrays.stream(need(a, v).split(",")).map(Long::parseLong).toList();
        case "--serve" -> {
          o.serve = true;
          continue;
        }
        case "-h", "--help" -> {
          System.out.println(usage());
          System.exit(0);
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
      i++;
    }
    if (o.concurrency.stream().anyMatch(c -> c < 1) || o.durationSeconds < 1 || o.warmupSeconds < 0 || o.rate < 0
        || o.conversations < 0 || o.clientLoops < 1) {
      throw new IllegalArgumentException("counts and durations must be positive");
    }
    if (!o.db.equals("file") && !o.db.equals("mem") && !o.db.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--db is file, mem or a jdbc:postgresql:// URL");
    }
    o.url.ifPresent(u -> {
      String host = URI.create(u).getHost();
      if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
        throw new IllegalArgumentException("--url must point at 127.0.0.1 (a benchmark floods its target)");
      }
    });
    if (o.conversations > 0 && o.url.isPresent()) {
      throw new IllegalArgumentException("--conversations measures a server JVM it starts itself; drop --url");
    }
    return o;
  }

  private static String need(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  // ---------------------------------------------------------------- targets: in-process, child JVM, or --url

  /** Where the hops go, and how to measure the server when we own it. */
  interface Target extends AutoCloseable {
    Endpoint kabambe();

    Optional<Endpoint> ceiling();

    /** Used heap of the server JVM after a full GC, in bytes, when the server runs in a JVM of its own. */
    default Optional<long[]> heapAfterGc() {
      return Optional.empty();
    }

    String describe();

    /** What the database did during a run, when we know which one it is. */
    default DatabaseMeter databaseMeter() {
      return new DatabaseMeter.None();
    }

    /** The largest classes on the server JVM's heap ({@code jcmd GC.class_histogram}), when it is a JVM of ours. */
    default List<String> classHistogram(int lines) {
      return List.of();
    }

    /** CPU time by thread group of a server JVM other than this one ({@code jcmd Thread.print}), in ns. */
    default Map<String, Long> serverThreadCpu() {
      return Map.of();
    }

    /** CPU time of a server JVM other than this one, in ns; empty when the server runs here (or is not ours). */
    default Optional<Long> serverCpuNanos() {
      return Optional.empty();
    }

    /** A viewer token of the server's API, for {@code --dashboard}; empty if we cannot make one. */
    default Optional<String> viewerToken() {
      return Optional.empty();
    }

    @Override
    default void close() {}
  }

  record Endpoint(String host, int port, String path) {
    static Endpoint of(String url) {
      URI u = URI.create(url);
      return new Endpoint(u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), u.getRawPath());
    }

    String url() {
      return "http://" + host + ":" + port + path;
    }
  }

  /** The servers of one JVM: Kabambe with its database, and the bare ceiling server. */
  static final class Servers implements AutoCloseable {
    final KabambeServer kabambe;
    final Vertx ceilingVertx;
    final int ceilingPort;
    final Path tmp;
    final String db;

    private Servers(KabambeServer kabambe, Vertx ceilingVertx, int ceilingPort, Path tmp, String db) {
      this.kabambe = kabambe;
      this.ceilingVertx = ceilingVertx;
      this.ceilingPort = ceilingPort;
      this.tmp = tmp;
      this.db = db;
    }

    static Servers start(Options o) throws Exception {
      if (o.serverLoops > 0) {
        // Kabambe deploys one HTTP verticle per available processor; the JVM flag is how to change it.
        System.err.println("bench-ussd: --server-loops applies to a server JVM of its own (--fork); ignored here");
      }
      Path tmp = Files.createTempDirectory("kabambe-bench-");
      String db = o.db.equals("mem") ? "mem:" : o.db.startsWith("jdbc:") ? o.db : tmp.resolve("kabambe").toString();
      KabambeServer kabambe = KabambeServer.start(new ServeOptions("127.0.0.1", freePort(), o.flows, db,
          Optional.empty()));
      Vertx ceilingVertx = Vertx.vertx();
      int ceilingPort = freePort();
      int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
      ceilingVertx.deployVerticle(() -> new CeilingVerticle(ceilingPort), new DeploymentOptions().setInstances(instances))
          .await(30, TimeUnit.SECONDS);
      return new Servers(kabambe, ceilingVertx, ceilingPort, tmp, db);
    }

    long dbBytes() {
      try (Stream<Path> files = Files.list(tmp)) {
        return files.mapToLong(p -> p.toFile().length()).sum();
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    public void close() {
      try {
        ceilingVertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing anyway
      }
      kabambe.close();
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary folder left behind
      }
    }
  }

  /** The ceiling: a bare Vert.x server that reads the same POST body and answers {@code END ok}. */
  static final class CeilingVerticle extends AbstractVerticle {
    private final int port;

    CeilingVerticle(int port) {
      this.port = port;
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
      Buffer reply = Buffer.buffer(CEILING_REPLY);
      vertx.createHttpServer()
          .requestHandler(req -> req.body().onComplete(ar -> req.response()
              .putHeader("Content-Type", "text/plain; charset=utf-8").end(reply)))
          .listen(port, "127.0.0.1")
          .<Void>map(s -> null)
          .onComplete(started);
    }
  }

  static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  static final class InProcess implements Target {
    private final Servers servers;

    InProcess(Servers servers) {
      this.servers = servers;
    }

    @Override
    public Endpoint kabambe() {
      return new Endpoint("127.0.0.1", servers.kabambe.port(), AT_PATH);
    }

    @Override
    public Optional<Endpoint> ceiling() {
      return Optional.of(new Endpoint("127.0.0.1", servers.ceilingPort, "/"));
    }

    @Override
    public Optional<String> viewerToken() {
      return Optional.of(viewerTokenOf(servers));
    }

    @Override
    public DatabaseMeter databaseMeter() {
      return DatabaseMeter.of(servers.db, servers.tmp);
    }

    @Override
    public String describe() {
      return "in-process server (shares this JVM and its heap with the load generator), database "
          + (servers.db.equals("mem:") ? "H2 in memory"
          : servers.db.startsWith("jdbc:") ? org.kabambe.store.Database.shown(servers.db)
          : "H2 file " + servers.db);
    }

    @Override
    public void close() {
      long bytes = servers.dbBytes();
      servers.close();
      if (bytes >= 0 && !servers.db.equals("mem:") && !servers.db.startsWith("jdbc:")) {
        System.out.printf(Locale.ROOT, "database files at the end: %.1f MB%n", bytes / 1e6);
      }
    }
  }

  /** A server JVM started by us ({@code --serve}), talking over its stdin/stdout. */
  static final class Child implements Target {
    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final int kabambePort;
    private final int ceilingPort;
    private final Path log;
    private final List<String> jvm;
    private final String db;

    Child(Options o) throws IOException {
      log = Files.createTempFile("kabambe-bench-server-", ".log");
      var cmd = new ArrayList<String>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String heap = o.serverHeap != null ? o.serverHeap : o.conversations > 0 ? "512m" : "1g";
      cmd.add("-Xmx" + heap);
      cmd.add("-Xms" + heap);
      cmd.addAll(o.serverJvm);
      if (o.serverLoops > 0) cmd.add("-XX:ActiveProcessorCount=" + o.serverLoops);
      jvm = List.copyOf(cmd.subList(1, cmd.size()));
      db = o.db;
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UssdLoad.class.getName(), "--serve",
          "--db", o.db, "--flows", o.flows.toString()));
      process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String ready = answers.readLine();
      if (ready == null || !ready.startsWith("READY ")) {
        process.destroy();
        throw new IOException("the server JVM did not start (" + ready + "); its log: " + log);
      }
      String[] parts = ready.split(" ");
      kabambePort = Integer.parseInt(parts[1]);
      ceilingPort = Integer.parseInt(parts[2]);
    }

    @Override
    public Endpoint kabambe() {
      return new Endpoint("127.0.0.1", kabambePort, AT_PATH);
    }

    @Override
    public Optional<Endpoint> ceiling() {
      return Optional.of(new Endpoint("127.0.0.1", ceilingPort, "/"));
    }

    @Override
    public Optional<String> viewerToken() {
      commands.println("token");
      try {
        String line = answers.readLine();
        return line != null && line.startsWith("TOKEN ") ? Optional.of(line.substring(6)) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    @Override
    public Optional<long[]> heapAfterGc() {
      commands.println("heap");
      try {
        String line = answers.readLine();
        if (line == null || !line.startsWith("HEAP ")) return Optional.empty();
        String[] p = line.split(" ");
        return Optional.of(new long[] {Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])});
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    @Override
    public List<String> classHistogram(int lines) {
      try {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        List<String> out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
            .filter(l -> l.matches("\\s*(num\\s.*|\\d+:\\s+\\d+.*)")).limit(lines + 1L).toList();
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return out;
      } catch (IOException | InterruptedException e) {
        return List.of("(jcmd unavailable: " + e + ")");
      }
    }

    @Override
    public Map<String, Long> serverThreadCpu() {
      var groups = new TreeMap<String, Long>();
      try {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
        var line = java.util.regex.Pattern.compile("^\"([^\"]+)\".*? cpu=([0-9.]+)ms");
        for (String l : new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
          var m = line.matcher(l);
          if (m.find()) {
            groups.merge(Run.CpuSnapshot.group(m.group(1)), (long) (Double.parseDouble(m.group(2)) * 1e6), Long::sum);
          }
        }
        jcmd.waitFor(30, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException | RuntimeException e) {
        groups.clear();
      }
      return groups;
    }

    @Override
    public Optional<Long> serverCpuNanos() {
      return cpuNanos(process.pid());
    }

    @Override
    public DatabaseMeter databaseMeter() {
      return DatabaseMeter.of(db, null);
    }

    @Override
    public String describe() {
      return "server in its own JVM (pid " + process.pid() + ", " + String.join(" ", jvm) + "), log " + log;
    }

    @Override
    public void close() {
      commands.println("quit");
      try {
        String line;
        while ((line = answers.readLine()) != null) {
          if (line.startsWith("DB ")) {
            System.out.printf(Locale.ROOT, "database files at the end: %.1f MB%n", Long.parseLong(line.substring(3)) / 1e6);
          }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          System.out.println("the server JVM did not stop; its log: " + log);
        } else if (process.exitValue() == 0) {
          Files.deleteIfExists(log);
        } else {
          System.out.println("the server JVM exited with " + process.exitValue() + "; its log: " + log);
        }
      } catch (IOException | InterruptedException e) {
        process.destroyForcibly();
      }
    }
  }

  /** CPU time of process {@code pid} on this machine, from /proc; empty when it is not there. */
  static Optional<Long> cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, in clock ticks (USER_HZ 100)
      return Optional.of(ticks * 10_000_000L);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static final class Remote implements Target {
    private final Endpoint endpoint;
    private final Optional<String> token;
    private final List<Long> serverPids;
    private final String db;

    Remote(String url, Optional<String> token, List<Long> serverPids, String db) {
      this.endpoint = Endpoint.of(url);
      this.token = token;
      this.serverPids = serverPids;
      this.db = db;
    }

    /** The server JVMs' CPU in all (one JVM or several behind a balancer), when {@code --server-pids} names them. */
    @Override
    public Optional<Long> serverCpuNanos() {
      if (serverPids.isEmpty()) return Optional.empty();
      return Optional.of(serverThreadCpu().values().stream().mapToLong(Long::longValue).sum());
    }

    /** Each server JVM's CPU, as the "groups" of the server figure: one line shows the split between nodes. */
    @Override
    public Map<String, Long> serverThreadCpu() {
      var byPid = new TreeMap<String, Long>();
      serverPids.forEach(pid -> cpuNanos(pid).ifPresent(ns -> byPid.put("pid " + pid, ns)));
      return byPid;
    }

    @Override
    public DatabaseMeter databaseMeter() {
      return db.startsWith("jdbc:postgresql:") ? DatabaseMeter.of(db, null) : new DatabaseMeter.None();
    }

    @Override
    public Optional<String> viewerToken() {
      return token;
    }

    @Override
    public Endpoint kabambe() {
      return endpoint;
    }

    @Override
    public Optional<Endpoint> ceiling() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "running server at " + endpoint.url();
    }
  }

  /** A viewer token of the in-process server's API (for {@code --dashboard}). */
  static String viewerTokenOf(Servers servers) {
    return new org.kabambe.api.ApiTokens(servers.kabambe.database(), java.time.Clock.systemUTC())
        .create(org.kabambe.api.Role.VIEWER, "bench-ussd", Optional.of(java.time.Duration.ofDays(1)), "bench").token();
  }

  /** {@code --serve}: a server JVM for the parent; stdin commands {@code heap}, {@code token} and {@code quit}. */
  static void serveChild(Options o) throws Exception {
    try (Servers servers = Servers.start(o)) {
      System.out.println("READY " + servers.kabambe.port() + " " + servers.ceilingPort + " "
          + ProcessHandle.current().pid());
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
        if (line.equals("token")) {
          System.out.println("TOKEN " + viewerTokenOf(servers));
          System.out.flush();
        } else if (line.equals("heap")) {
          var memory = ManagementFactory.getMemoryMXBean();
          for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
          }
          var heap = memory.getHeapMemoryUsage();
          System.out.println("HEAP " + heap.getUsed() + " " + heap.getCommitted() + " " + heap.getMax());
          System.out.flush();
        }
      }
      if (!servers.db.startsWith("jdbc:")) System.out.println("DB " + servers.dbBytes());
      System.out.flush();
    }
  }

  // ---------------------------------------------------------------- the load

  /** One simulated phone: the session it is in, and what it has typed so far. */
  static final class Participant {
    String phone;
    String sessionId;
    final StringBuilder text = new StringBuilder();
    int hops; // hops sent in this session
    Context context;
  }

  /** What one measured run saw. */
  record Result(String name, int concurrency, double seconds, long hops, Histogram latency,
                Histogram serviceTime, long sessions, long errors, long earlyEnds, String firstProblem,
                long maxBacklog, String cpu, String server, String dashboard, String database) {
    double hopsPerSecond() {
      return hops / seconds;
    }
  }

  /** Shared state of the load generator: its Vert.x, HTTP client, and the numbering of phones and sessions. */
  static final class Run {
    private final Options o;
    private final AtomicLong phones = new AtomicLong();
    private final AtomicLong sessionIds = new AtomicLong();
    private final long phoneBase;
    private Vertx vertx;
    private HttpClientAgent client;
    private List<Context> contexts;

    Run(Options o) {
      this.o = o;
      // Against a running server, numbers from an earlier run would be offered "continue where you left off".
      this.phoneBase = o.url.isPresent() ? (System.currentTimeMillis() / 1000 % 90_000) * 1_000 : 0;
    }

    int call() throws Exception {
      System.out.println("bench-ussd: " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("-X")).toList() + ", " + Runtime.getRuntime().availableProcessors()
          + " cpus, load average " + loadAverage());
      int maxConcurrency = Math.max(o.concurrency.stream().max(Integer::compare).orElse(200), 1);
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.clientLoops));
      // Keep-alive 30 s, under the server's 60 s idle timeout (HttpLimits): with equal timeouts the server sometimes
      // closed a connection just as the client reused it (a few "Connection was closed" in 270,000 hops).
      client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30)
              .setTcpNoDelay(true).setMaxInitialLineLength(16 * 1024),
          new PoolOptions().setHttp1MaxSize(maxConcurrency).setMaxWaitQueueSize(-1));
      contexts = clientContexts();
      try {
        if (o.conversations > 0) {
          try (Target target = new Child(o)) {
            memory(target);
          }
        } else {
          try (Target target = target()) {
            currentTarget = target;
            System.out.println("target: " + target.describe());
            throughput(target);
          }
        }
      } finally {
        client.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      }
      return 0;
    }

    private Target currentTarget;

    /** CPU spent per thread group from a starting point (this JVM by thread, a child JVM as a whole). */
    static final class CpuSnapshot {
      private final Target target;
      private final long process;
      private final Optional<Long> server;
      private final Map<String, Long> serverGroups;
      private final Map<String, Long> groups;
      private final long gc;

      CpuSnapshot(Target target) {
        this.target = target;
        this.process = processCpu();
        this.server = target.serverCpuNanos();
        this.serverGroups = target.serverThreadCpu();
        this.groups = threadGroups();
        this.gc = gcMillis();
      }

      static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
      }

      static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
      }

      static Map<String, Long> threadGroups() {
        var threads = ManagementFactory.getThreadMXBean();
        var groups = new TreeMap<String, Long>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
          if (info == null) continue;
          long cpu = threads.getThreadCpuTime(info.getThreadId());
          if (cpu < 0) continue;
          groups.merge(group(info.getThreadName()), cpu, Long::sum);
        }
        return groups;
      }

      static String group(String threadName) {
        return threadName.replaceAll("[-# ]?\\d+$", "").replaceAll("-thread$", "");
      }

      /** "µs per hop: process N (group a, group b, …)", busiest groups first. */
      String perHop(long hops) {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "this JVM %.0f µs", (processCpu() - process) / 1e3 / hops));
        var now = threadGroups();
        var deltas = new ArrayList<Map.Entry<String, Long>>();
        now.forEach((g, v) -> deltas.add(Map.entry(g, v - groups.getOrDefault(g, 0L))));
        deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        sb.append(" (");
        long total = processCpu() - process;
        long threads = 0;
        for (var e : deltas) {
          if (e.getValue() * 50 < total) break;
          threads += e.getValue();
          sb.append(String.format(Locale.ROOT, "%s %.0f, ", e.getKey(), e.getValue() / 1e3 / hops));
        }
        long gcMillis = gcMillis() - gc;
        sb.append(String.format(Locale.ROOT, "rest %.0f: GC threads, JIT, small threads; GC pauses %d ms in all)",
            (total - threads) / 1e3 / hops, gcMillis));
        server.ifPresent(s0 -> target.serverCpuNanos().ifPresent(s1 -> {
          sb.append(String.format(Locale.ROOT, "; server JVM %.0f µs", (s1 - s0) / 1e3 / hops));
          var after = target.serverThreadCpu();
          var serverDeltas = new ArrayList<Map.Entry<String, Long>>();
          after.forEach((g, v) -> serverDeltas.add(Map.entry(g, v - serverGroups.getOrDefault(g, 0L))));
          serverDeltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
          sb.append(" (");
          long listed = 0;
          for (var e : serverDeltas) {
            if (e.getValue() * 50 < s1 - s0) break;
            listed += e.getValue();
            sb.append(String.format(Locale.ROOT, "%s %.0f, ", e.getKey(), e.getValue() / 1e3 / hops));
          }
          sb.append(String.format(Locale.ROOT, "rest %.0f)", (s1 - s0 - listed) / 1e3 / hops));
        }));
        return sb.toString();
      }
    }

    /** Sums of the Prometheus series we report, from {@code /metrics} beside the USSD path (empty if none). */
    private Map<String, Double> scrape(Endpoint endpoint) {
      var sums = new HashMap<String, Double>();
      if (!endpoint.path().startsWith("/ussd/")) return sums;
      try {
        String text = client.request(new RequestOptions().setHost(endpoint.host()).setPort(endpoint.port())
                .setURI("/metrics").setTimeout(10_000))
            .compose(req -> req.send().compose(resp -> resp.body()))
            .await(15, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          if (line.startsWith("#")) continue;
          int brace = line.indexOf('{');
          int space = line.lastIndexOf(' ');
          if (space < 0) continue;
          String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
          try {
            sums.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
          } catch (NumberFormatException e) {
            // not a sample line
          }
        }
      } catch (Exception e) {
        // metrics are a bonus
      }
      return sums;
    }

    private static String serverMetrics(Map<String, Double> before, Map<String, Double> after, double seconds) {
      if (before.isEmpty() || after.isEmpty()) return "";
      java.util.function.ToDoubleFunction<String> d = k -> after.getOrDefault(k, 0.0) - before.getOrDefault(k, 0.0);
      double batches = d.applyAsDouble("kabambe_store_commit_batch_hops_count");
      double batchHops = d.applyAsDouble("kabambe_store_commit_batch_hops_sum");
      double commitSeconds = d.applyAsDouble("kabambe_store_commit_seconds_sum");
      double hopSeconds = d.applyAsDouble("kabambe_ussd_hop_seconds_sum");
      double hopCount = d.applyAsDouble("kabambe_ussd_hop_seconds_count");
      return String.format(Locale.ROOT, "%.0f commits (%.1f hops each, %.2f ms each, writer busy %.0f%% of the time); "
              + "engine time per hop (arrival to reply) mean %.2f ms; live conversations %.0f; rejected %.0f",
          batches, batches == 0 ? 0 : batchHops / batches, batches == 0 ? 0 : commitSeconds * 1e3 / batches,
          100 * commitSeconds / seconds,
          hopCount == 0 ? 0 : hopSeconds * 1e3 / hopCount, after.getOrDefault("kabambe_conversations_live", 0.0),
          d.applyAsDouble("kabambe_store_rejected_hops_total"));
    }

    private Target target() throws Exception {
      if (o.url.isPresent()) return new Remote(o.url.get(), o.dashboardToken, o.serverPids, o.db);
      if (o.fork) return new Child(o);
      return new InProcess(Servers.start(o));
    }

    private List<Context> clientContexts() throws Exception {
      var list = new CopyOnWriteArrayList<Context>();
      vertx.deployVerticle(() -> new AbstractVerticle() {
        @Override
        public void start() {
          list.add(context);
        }
      }, new DeploymentOptions().setInstances(o.clientLoops)).await(10, TimeUnit.SECONDS);
      return List.copyOf(list);
    }

    private void throughput(Target target) throws Exception {
      var summary = new ArrayList<String>();
      for (int c : o.concurrency) {
        if (o.rate > 0) {
          // Warm the JIT up in a closed loop first: a cold JVM at the full rate builds a backlog it never drains.
          closedLoop("warm-up (closed loop, not reported)", target.kabambe(), c, o.inputs.size() + 1,
              Math.max(0, o.warmupSeconds - OPEN_SETTLE_SECONDS), 1);
          Result r = openLoop(target.kabambe(), c, o.rate);
          print(r);
          summary.add(String.format(Locale.ROOT, "open %d/s, %d participants: p50 %s p95 %s p99 %s max %s ms "
                  + "(from intended send), load %s", o.rate, c, ms(r.latency, 50), ms(r.latency, 95),
              ms(r.latency, 99), ms(r.latency.getMaxValue()), loadAverage()));
          continue;
        }
        Result k = closedLoop("kabambe", target.kabambe(), c, o.inputs.size() + 1, o.warmupSeconds,
            o.durationSeconds);
        print(k);
        String line = String.format(Locale.ROOT, "closed c=%d: kabambe %.0f hops/s p50 %s p95 %s p99 %s ms",
            c, k.hopsPerSecond(), ms(k.latency, 50), ms(k.latency, 95), ms(k.latency, 99));
        if (o.ceiling && target.ceiling().isPresent()) {
          Result ceiling = closedLoop("ceiling", target.ceiling().get(), c, 1, o.warmupSeconds, o.durationSeconds);
          print(ceiling);
          double ratio = k.hopsPerSecond() / ceiling.hopsPerSecond();
          System.out.printf(Locale.ROOT, "ratio kabambe/ceiling at c=%d: %.2f (%.0f / %.0f hops/s)%n%n", c, ratio,
              k.hopsPerSecond(), ceiling.hopsPerSecond());
          line += String.format(Locale.ROOT, "; ceiling %.0f hops/s; ratio %.2f", ceiling.hopsPerSecond(), ratio);
        }
        summary.add(line + ", load " + loadAverage());
      }
      System.out.println("summary:");
      summary.forEach(s -> System.out.println("  " + s));
    }

    /** Every participant sends its next hop the moment its reply arrives, for warm-up + duration. */
    private Result closedLoop(String name, Endpoint endpoint, int concurrency, int expectedHops, int warmup,
                              int duration) throws Exception {
      var run = new Driver(name, endpoint, expectedHops, false);
      for (int i = 0; i < concurrency; i++) {
        var p = newParticipant(contexts.get(i % contexts.size()));
        p.context.runOnContext(v -> run.next(p, System.nanoTime()));
      }
      return run.measure(concurrency, warmup, duration);
    }

    /** Seconds of an open-loop run at its rate before measuring (the JIT warm-up is a closed loop before it). */
    static final int OPEN_SETTLE_SECONDS = 3;

    /**
     * Hops scheduled at {@code rate}/s on one client event loop; each goes to an idle participant (a pool of
     * {@code participants}), waiting in a backlog when none is idle. Latency counts from the scheduled time.
     */
    private Result openLoop(Endpoint endpoint, int participants, int rate) throws Exception {
      var run = new Driver("kabambe open loop " + rate + "/s", endpoint, o.inputs.size() + 1, true);
      Context ctx = contexts.get(0);
      long interval = 1_000_000_000L / rate;
      var idle = new ArrayDeque<Participant>();
      var backlog = new ArrayDeque<Long>(); // intended send times waiting for an idle participant
      for (int i = 0; i < participants; i++) idle.add(newParticipant(ctx));
      long start = System.nanoTime() + 10_000_000L;
      int settle = Math.min(OPEN_SETTLE_SECONDS, o.warmupSeconds);
      long end = start + TimeUnit.SECONDS.toNanos(settle + o.durationSeconds);
      long[] next = {start};
      run.onIdle = p -> {
        idle.add(p);
        run.dispatch(idle, backlog);
      };
      ctx.runOnContext(v -> vertx.setPeriodic(1, id -> {
        long now = System.nanoTime();
        if (run.stopping) {
          vertx.cancelTimer(id);
          return;
        }
        while (next[0] <= now && next[0] < end) {
          backlog.add(next[0]);
          next[0] += interval;
        }
        run.maxBacklog = Math.max(run.maxBacklog, backlog.size());
        run.dispatch(idle, backlog);
      }));
      return run.measure(participants, settle, o.durationSeconds);
    }

    private Participant newParticipant(Context context) {
      var p = new Participant();
      p.context = context;
      redial(p);
      return p;
    }

    /** A new session from a new number: always a first dial, never a resume offer. */
    private void redial(Participant p) {
      p.phone = "+2547" + String.format(Locale.ROOT, "%08d", phoneBase + phones.incrementAndGet());
      p.sessionId = "ATUid_bench_" + sessionIds.incrementAndGet();
      p.text.setLength(0);
      p.hops = 0;
    }

    private Buffer body(Participant p) {
      return Buffer.buffer("sessionId=" + p.sessionId + "&phoneNumber=" + URLEncoder.encode(p.phone,
          StandardCharsets.UTF_8) + "&networkCode=63902&serviceCode=" + URLEncoder.encode(o.serviceCode,
          StandardCharsets.UTF_8) + "&text=" + URLEncoder.encode(p.text.toString(), StandardCharsets.UTF_8));
    }

    /** Sends hops and tallies their replies for one run. */
    final class Driver {
      final String name;
      final Endpoint endpoint;
      final RequestOptions request;
      final int expectedHops;
      final boolean openLoop;
      final Recorder latency = new Recorder(3);
      final Recorder serviceTime = new Recorder(3);
      final LongAdder hops = new LongAdder();
      final LongAdder sessions = new LongAdder();
      final LongAdder errors = new LongAdder();
      final LongAdder earlyEnds = new LongAdder();
      final LongAdder inFlight = new LongAdder();
      final AtomicReference<String> firstProblem = new AtomicReference<>();
      volatile boolean stopping;
      java.util.function.Consumer<Participant> onIdle;
      long maxBacklog;

      Driver(String name, Endpoint endpoint, int expectedHops, boolean openLoop) {
        this.name = name;
        this.endpoint = endpoint;
        this.expectedHops = expectedHops;
        this.openLoop = openLoop;
        this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost(endpoint.host())
            .setPort(endpoint.port()).setURI(endpoint.path()).setTimeout(10_000)
            .putHeader("Content-Type", "application/x-www-form-urlencoded");
      }

      /** Open loop: pair scheduled sends with idle participants (on the scheduling context). */
      void dispatch(ArrayDeque<Participant> idle, ArrayDeque<Long> backlog) {
        while (!stopping && !backlog.isEmpty() && !idle.isEmpty()) {
          next(idle.poll(), backlog.poll());
        }
      }

      /** Sends {@code p}'s next hop; {@code intended} is when it should have left (now, in a closed loop). */
      void next(Participant p, long intended) {
        if (stopping) return;
        Buffer body = body(p);
        p.hops++;
        inFlight.increment();
        long sent = System.nanoTime();
        client.request(request)
            .compose(req -> req.send(body))
            .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 ? b.toString(StandardCharsets.UTF_8)
                : "HTTP " + resp.statusCode() + " " + b))
            .onComplete(ar -> {
              long now = System.nanoTime();
              inFlight.decrement();
              latency.recordValue(Math.max(1, (now - intended) / 1_000));
              serviceTime.recordValue(Math.max(1, (now - sent) / 1_000));
              hops.increment();
              if (ar.failed()) {
                problem("failure: " + ar.cause());
                errors.increment();
                redial(p);
              } else {
                String reply = ar.result();
                if (reply.startsWith("CON ")) {
                  if (p.hops > 1) p.text.append('*');
                  p.text.append(p.hops - 1 < o.inputs.size() ? o.inputs.get(p.hops - 1) : "1");
                } else if (reply.startsWith("END ")) {
                  if (p.hops == expectedHops) {
                    sessions.increment();
                  } else {
                    earlyEnds.increment();
                    problem("END after " + p.hops + " hops: " + reply);
                  }
                  redial(p);
                } else {
                  errors.increment();
                  problem("reply neither CON nor END: " + reply);
                  redial(p);
                }
              }
              if (openLoop) {
                onIdle.accept(p);
              } else {
                next(p, System.nanoTime());
              }
            });
      }

      private void problem(String what) {
        firstProblem.compareAndSet(null, what.length() > 300 ? what.substring(0, 300) : what);
      }

      Result measure(int concurrency, int warmup, int duration) throws Exception {
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        latency.reset();
        serviceTime.reset();
        long hops0 = hops.sum();
        long sessions0 = sessions.sum();
        long errors0 = errors.sum();
        long early0 = earlyEnds.sum();
        Map<String, Double> metrics0 = scrape(endpoint);
        CpuSnapshot cpu0 = new CpuSnapshot(currentTarget);
        DatabaseMeter database = endpoint.path().startsWith("/ussd/") ? currentTarget.databaseMeter()
            : new DatabaseMeter.None();
        database.start();
        DashboardPoller dashboard = dashboardPoller(endpoint);
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
        String dashboardReport = dashboard == null ? "" : dashboard.report();
        Histogram lat = latency.getIntervalHistogram();
        Histogram svc = serviceTime.getIntervalHistogram();
        long t1 = System.nanoTime();
        long hops1 = hops.sum();
        long sessions1 = sessions.sum();
        long errors1 = errors.sum();
        long early1 = earlyEnds.sum();
        stopping = true;
        for (int i = 0; i < 200 && inFlight.sum() > 0; i++) {
          Thread.sleep(50);
        }
        long hopsMeasured = Math.max(1, hops1 - hops0);
        return new Result(name, concurrency, (t1 - t0) / 1e9, hops1 - hops0, lat, svc, sessions1 - sessions0,
            errors1 - errors0, early1 - early0, firstProblem.get(), maxBacklog, cpu0.perHop(hopsMeasured),
            serverMetrics(metrics0, scrape(endpoint), (System.nanoTime() - t0) / 1e9), dashboardReport,
            database.perHop(hopsMeasured));
      }
    }

    /** {@code --dashboard}: polls the API beside a Kabambe run (not the ceiling's). */
    private DashboardPoller dashboardPoller(Endpoint endpoint) {
      if (o.dashboardPauseMillis < 0 || !endpoint.path().startsWith("/ussd/")) return null;
      Optional<String> token = currentTarget.viewerToken();
      if (token.isEmpty()) {
        System.err.println("bench-ussd: --dashboard needs --dashboard-token with --url; not polling");
        return null;
      }
      return new DashboardPoller("http://" + endpoint.host() + ":" + endpoint.port(), token.get(), o.dashboardFlow,
          o.dashboardPauseMillis).start();
    }

    private void print(Result r) {
      System.out.printf(Locale.ROOT, "%s, %d participants, %.1f s measured (after %d s warm-up), load %s%n", r.name(),
          r.concurrency(), r.seconds(), o.warmupSeconds, loadAverage());
      System.out.printf(Locale.ROOT, "  %.0f hops/s (%d hops, %d sessions completed), errors %d, early END %d%n",
          r.hopsPerSecond(), r.hops(), r.sessions(), r.errors(), r.earlyEnds());
      System.out.printf(Locale.ROOT, "  latency ms: p50 %s  p95 %s  p99 %s  p99.9 %s  max %s%n", ms(r.latency(), 50),
          ms(r.latency(), 95), ms(r.latency(), 99), ms(r.latency(), 99.9), ms(r.latency().getMaxValue()));
      if (r.name().contains("open")) {
        System.out.printf(Locale.ROOT, "  (from the intended send time; service time alone: p50 %s p99 %s max %s; "
                + "most sends waiting for a free participant: %d)%n", ms(r.serviceTime(), 50),
            ms(r.serviceTime(), 99), ms(r.serviceTime().getMaxValue()), r.maxBacklog());
      }
      System.out.println("  cpu per hop: " + r.cpu());
      if (!r.server().isEmpty()) System.out.println("  server: " + r.server());
      if (!r.database().isEmpty()) System.out.println("  database: " + r.database());
      if (!r.dashboard().isEmpty()) System.out.println("  dashboard API calls during the run:" + r.dashboard());
      if (r.firstProblem() != null) System.out.println("  first problem: " + r.firstProblem());
      System.out.println();
    }

    /** {@code --conversations N}: N one-hop conversations from distinct numbers, then the server's heap. */
    private void memory(Target target) throws Exception {
      System.out.println("target: " + target.describe());
      int concurrency = o.concurrency.get(0);
      // Warm the server up first (classes, JIT, pools) so the baseline is not a cold JVM.
      long[] base = target.heapAfterGc().orElseThrow();
      var driver = new OneHop(target.kabambe());
      long t0 = System.nanoTime();
      driver.run(o.conversations, concurrency);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long[] after = target.heapAfterGc().orElseThrow();
      System.out.printf(Locale.ROOT, "created %d conversations (first hop each, distinct numbers) in %.1f s "
              + "(%.0f hops/s, %d participants), errors %d, load %s%n", driver.ok.sum(), seconds,
          driver.ok.sum() / seconds, concurrency, driver.errors.sum(), loadAverage());
      if (driver.firstProblem.get() != null) System.out.println("  first problem: " + driver.firstProblem.get());
      System.out.printf(Locale.ROOT, "server heap after full GC: %.1f MB before, %.1f MB with them (max %.0f MB, "
              + "committed %.0f MB): %.1f MB for %d conversations, %.0f bytes each%n", base[0] / 1e6, after[0] / 1e6,
          after[2] / 1e6, after[1] / 1e6, (after[0] - base[0]) / 1e6, driver.ok.sum(),
          (after[0] - base[0]) / (double) Math.max(1, driver.ok.sum()));
      System.out.printf(Locale.ROOT, "live conversations (kabambe_conversations_live): %.0f%n",
          scrape(target.kabambe()).getOrDefault("kabambe_conversations_live", -1.0));
      System.out.println("largest classes on the server heap (jcmd GC.class_histogram, after that GC):");
      target.classHistogram(12).forEach(l -> System.out.println("  " + l));
    }

    /** First hops from fresh numbers, {@code concurrency} at a time, until {@code total} are answered. */
    final class OneHop {
      final Endpoint endpoint;
      final LongAdder ok = new LongAdder();
      final LongAdder errors = new LongAdder();
      final AtomicLong issued = new AtomicLong();
      final AtomicReference<String> firstProblem = new AtomicReference<>();
      final RequestOptions request;
      CountDownLatch done;

      OneHop(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost(endpoint.host())
            .setPort(endpoint.port()).setURI(endpoint.path()).setTimeout(30_000)
            .putHeader("Content-Type", "application/x-www-form-urlencoded");
      }

      void run(int total, int concurrency) throws InterruptedException {
        done = new CountDownLatch(total);
        for (int i = 0; i < Math.min(concurrency, total); i++) {
          var p = newParticipant(contexts.get(i % contexts.size()));
          p.context.runOnContext(v -> send(p, total));
        }
        done.await(10, TimeUnit.MINUTES);
      }

      private void send(Participant p, int total) {
        if (issued.incrementAndGet() > total) return;
        Buffer body = body(p);
        client.request(request).compose(req -> req.send(body))
            .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b))
            .onComplete(ar -> {
              if (ar.succeeded() && ar.result().startsWith("200 CON ")) {
                ok.increment();
              } else {
                errors.increment();
                firstProblem.compareAndSet(null, ar.succeeded() ? ar.result() : ar.cause().toString());
              }
              done.countDown();
              redial(p);
              send(p, total);
            });
      }
    }
  }

  static String ms(Histogram h, double percentile) {
    return ms(h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile));
  }

  static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
