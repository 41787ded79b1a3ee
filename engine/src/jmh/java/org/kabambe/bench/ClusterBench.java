package org.kabambe.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kabambe.testing.Cluster;
import org.kabambe.testing.PostgresServer;

/**
 * {@code scripts/bench-cluster}: for each node count, a durable PostgreSQL of its own, that many
 * {@code kabambe serve} JVMs on it and HAProxy in front ({@code docs/haproxy-cluster.cfg}: round robin, then hashed
 * on the number), then
 * bench-ussd's closed loop through the balancer with the nodes' and PostgreSQL's CPU measured from /proc; then the
 * capacity the figures imply when each node and PostgreSQL have cores of their own.
 */
public final class ClusterBench {
  private static final Pattern HOPS = Pattern.compile("([0-9]+) hops/s \\(");
  private static final Pattern P99 = Pattern.compile("p99 ([0-9.]+)");
  private static final Pattern JVM = Pattern.compile("server JVM ([0-9]+) µs");
  private static final Pattern PG = Pattern.compile("PostgreSQL per hop: .*?CPU ([0-9]+) µs");

  private ClusterBench() {}

  static String usage() {
    return """
        usage: bench-cluster [options]
          --nodes N[,N…]        node counts, one run each (default 1,2,3)
          --warmup S            seconds discarded before measuring (default 15)
          --duration S          seconds measured (default 15)
          --concurrency N       simulated participants in flight (default 200)
          --node-heap SIZE      -Xms/-Xmx of each node JVM (default 512m)
          --flows DIR           flows folder (default flows)
          --balance B[,B…]      HAProxy entrances, one load each on the same nodes: round-robin (no stickiness)
                                and/or phone (hash on the phoneNumber parameter) (default round-robin,phone)
        Each run: a durable PostgreSQL of its own (fsync on), N kabambe serve JVMs on it, HAProxy (Debian's
        /usr/sbin/haproxy) in front, scripts/bench-ussd --url through each entrance asked for. Prints hops/s, p99, CPU
        µs a hop of the node JVMs (in all and each) and of PostgreSQL, and the capacity model: nodes × 10⁶ / JVM µs
        a hop against PostgreSQL cores × 10⁶ / PostgreSQL µs a hop. Everything shares this machine's cores,
        the load generator too: read the CPU a hop, not the hops/s, as the result.""";
  }

  public static void main(String[] args) throws Exception {
    List<Integer> counts = List.of(1, 2, 3);
    int warmup = 15;
    int duration = 15;
    int concurrency = 200;
    String heap = "512m";
    Path flows = Path.of("flows");
    List<String> entrances = List.of("round-robin", "phone");
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "-h", "--help" -> {
          System.out.println(usage());
          return;
        }
        case "--nodes" -> counts = Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--duration" -> duration = Integer.parseInt(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--node-heap" -> heap = v;
        case "--flows" -> flows = Path.of(v);
        case "--balance" -> {
          entrances = Arrays.asList(v.split(","));
          if (!List.of("round-robin", "phone").containsAll(entrances)) {
            System.err.println("bench-cluster: --balance takes round-robin and/or phone, not " + v);
            System.exit(2);
          }
        }
        default -> {
          System.err.println("bench-cluster: unknown option " + args[i] + "\n" + usage());
          System.exit(2);
        }
      }
      i++;
    }
    var lines = new ArrayList<String>();
    for (int nodes : counts) {
      lines.addAll(run(nodes, entrances, warmup, duration, concurrency, heap, flows.toAbsolutePath()));
    }
    System.out.println("summary (JVM µs: all node JVMs' CPU over all hops; model: one core per node, per PostgreSQL core):");
    lines.forEach(System.out::println);
  }

  /** One cluster of {@code nodes}, loaded through each entrance in turn (the second on warmed nodes). */
  private static List<String> run(int nodes, List<String> entrances, int warmup, int duration, int concurrency,
                                  String heap, Path flows) throws Exception {
    var postgres = PostgresServer.startDurable();
    Path dir = Files.createTempDirectory("kabambe-bench-cluster");
    try {
      String db = postgres.newDatabase();
      try (var cluster = Cluster.start(dir, db, nodes, flows, List.of("-Xms" + heap, "-Xmx" + heap,
          "-XX:+UseParallelGC", "-XX:NewRatio=1"))) {
        String pids = String.join(",", cluster.nodes().stream().map(n -> Long.toString(n.process().pid())).toList());
        var lines = new ArrayList<String>();
        for (String entrance : entrances) {
          String url = entrance.equals("phone") ? cluster.byPhoneUrl() : cluster.anyNodeUrl();
          System.out.println("bench-cluster: " + nodes + " node(s) behind HAProxy " + url + " (" + entrance
              + "), PostgreSQL " + postgres.dataDir() + " (fsync on), logs in " + dir);
          String out = teeing(() -> new UssdLoad.Run(UssdLoad.parse(new String[] {"--url",
              url + "/ussd/africastalking", "--no-ceiling", "--warmup", Integer.toString(warmup),
              "--duration", Integer.toString(duration), "--concurrency", Integer.toString(concurrency), "--db", db,
              "--server-pids", pids})).call());
          lines.add(summary(nodes, entrance, out));
        }
        return lines;
      }
    } finally {
      postgres.stop();
    }
  }

  /** One line: hops/s, p99, JVM and PostgreSQL µs a hop, and the capacity they imply. */
  static String summary(int nodes, String entrance, String out) {
    double hops = number(HOPS, out);
    double jvm = number(JVM, out);
    double pg = number(PG, out);
    return String.format(Locale.ROOT, "  %d node(s), %s: %.0f hops/s, p99 %s ms, JVM %.0f µs a hop (%.0f per node), "
            + "PostgreSQL %.0f µs a hop -> nodes %,.0f hops/s (%d × 10⁶ / %.0f) vs PostgreSQL %,.0f hops/s a core",
        nodes, entrance, hops, match(P99, out), jvm, jvm / nodes, pg, nodes * 1e6 / jvm, nodes, jvm, 1e6 / pg);
  }

  private static double number(Pattern p, String out) {
    String s = match(p, out);
    return s.equals("?") ? Double.NaN : Double.parseDouble(s);
  }

  private static String match(Pattern p, String out) {
    Matcher m = p.matcher(out);
    return m.find() ? m.group(1) : "?";
  }

  interface Call {
    void run() throws Exception;
  }

  /** Runs {@code call} with System.out copied into the returned text. */
  private static String teeing(Call call) throws Exception {
    PrintStream original = System.out;
    var copy = new ByteArrayOutputStream();
    var both = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        copy.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        copy.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
    System.setOut(both);
    try {
      call.run();
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    return copy.toString(StandardCharsets.UTF_8);
  }
}
