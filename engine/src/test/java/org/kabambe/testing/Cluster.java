package org.kabambe.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Several {@code kabambe serve} JVMs on one database with Debian's HAProxy in front, all on 127.0.0.1, for tests
 * and benchmarks that kill nodes: start, SIGKILL and restart a node (same port), and the balancer's two addresses
 * (round robin; hashed on the phone number). HAProxy runs {@code docs/haproxy-cluster.cfg} as it is, told the
 * addresses through its environment. {@link #close} kills every child process.
 *
 * <p>Without HAProxy a test using it is skipped with the reason, unless the environment says
 * {@code KABAMBE_CLUSTER_TEST=required} ({@code .ci/run} does, after installing it): then it fails.
 */
public final class Cluster implements AutoCloseable {
  /** The balancer's configuration: from the engine module (Maven's working directory for tests) or the root. */
  public static final Path HAPROXY_CONFIG = Files.exists(Path.of("docs/haproxy-cluster.cfg"))
      ? Path.of("docs/haproxy-cluster.cfg").toAbsolutePath() : Path.of("../docs/haproxy-cluster.cfg").toAbsolutePath()
      .normalize();
  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  private static final Pattern LISTEN_LINE = Pattern.compile("^listen (\\S+)", Pattern.MULTILINE);
  private static final Pattern SERVER_LINE = Pattern.compile("^\\s*server node(\\d+) .*$", Pattern.MULTILINE);

  private final Path dir;
  private final String db;
  private final Path flows;
  private final List<String> jvm;
  private final List<String> options;
  private final List<Node> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process haproxy;
  private int anyNodePort;
  private int byPhonePort;

  /** One node: its name, port and current process (a new one after {@link #restart}). */
  public static final class Node {
    public final String name;
    public final int port;
    Process process;

    Node(String name, int port) {
      this.name = name;
      this.port = port;
    }

    public Process process() {
      return process;
    }

    public String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private Cluster(Path dir, String db, Path flows, List<String> jvm, List<String> options) {
    this.dir = dir;
    this.jvm = jvm;
    this.db = db;
    this.flows = flows;
    this.options = options;
  }

  /**
   * Starts {@code count} nodes on {@code db} (logs in {@code dir}) with {@code options} added to each command
   * line, waits until each answers {@code /health}, then starts HAProxy in front of them.
   */
  public static Cluster start(Path dir, String db, int count, Path flows, String... options) throws IOException {
    return start(dir, db, count, flows, List.of("-Xmx256m", "-XX:+UseParallelGC"), options);
  }

  /** As {@link #start(Path, String, int, Path, String...)}, each node's JVM run with {@code jvm} (heap, GC). */
  public static Cluster start(Path dir, String db, int count, Path flows, List<String> jvm, String... options)
      throws IOException {
    assumeHaproxy();
    var cluster = new Cluster(dir, db, flows, jvm, List.of(options));
    try {
      for (int i = 1; i <= count; i++) cluster.nodes.add(new Node("node" + i, ApiClient.freePort()));
      for (Node n : cluster.nodes) cluster.launch(n);
      for (Node n : cluster.nodes) cluster.awaitHealthy(n, Duration.ofSeconds(180));
      cluster.startHaproxy();
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Skips the calling test (or fails it, where the cluster test is required) when HAProxy is not installed. */
  public static void assumeHaproxy() {
    if (Files.isExecutable(HAPROXY)) return;
    String why = "HAProxy is not installed (no " + HAPROXY + "): apt-get install haproxy";
    if ("required".equals(System.getenv("KABAMBE_CLUSTER_TEST"))) {
      throw new IllegalStateException(why + " (KABAMBE_CLUSTER_TEST=required)");
    }
    Assumptions.abort(why);
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  /** The balancer without stickiness: each request to the next node up (round robin). */
  public String anyNodeUrl() {
    return "http://127.0.0.1:" + anyNodePort;
  }

  /** The balancer hashing the {@code phoneNumber} form field: one number to one node while that node is up. */
  public String byPhoneUrl() {
    return "http://127.0.0.1:" + byPhonePort;
  }

  public int anyNodePort() {
    return anyNodePort;
  }

  public int byPhonePort() {
    return byPhonePort;
  }

  /** SIGKILLs the node, as a crash would, and waits for its process to end. */
  public void kill(Node node) throws InterruptedException {
    node.process.destroyForcibly();
    if (!node.process.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException(node.name + " did not die");
  }

  /** Starts a killed node again on its port and waits until it answers {@code /health}. */
  public void restart(Node node) throws IOException {
    launch(node);
    awaitHealthy(node, Duration.ofSeconds(180));
  }

  /**
   * Whether HAProxy sends to {@code node} in every listen, as its log ({@code haproxy.err}) last said: a health
   * check state change is logged as "Server LISTEN/NODE is UP" or "is DOWN"; a node never marked down is in.
   */
  public boolean inRotation(Node node) throws IOException {
    String log = Files.exists(dir.resolve("haproxy.err")) ? Files.readString(dir.resolve("haproxy.err")) : "";
    Matcher listens = LISTEN_LINE.matcher(Files.readString(HAPROXY_CONFIG));
    while (listens.find()) {
      String server = "Server " + listens.group(1) + "/" + node.name + " is ";
      int at = log.lastIndexOf(server);
      if (at >= 0 && !log.startsWith("UP", at + server.length())) return false;
    }
    return true;
  }

  /** GET {@code path} of {@code baseUrl} with a bearer token ("" sends none): status and body. */
  public HttpResponse<String> get(String baseUrl, String path, String token) throws IOException, InterruptedException {
    var b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET();
    if (!token.isEmpty()) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.process != null) n.process.destroyForcibly();
    }
    if (haproxy != null) haproxy.destroyForcibly();
    for (Node n : nodes) {
      try {
        if (n.process != null) n.process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void launch(Node node) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.kabambe.cli.Main", "serve", "--host",
        "127.0.0.1", "--port", Integer.toString(node.port), "--db", db, "--flows", flows.toString()));
    command.addAll(List.of("--node-name", node.name));
    command.addAll(options);
    // Appending: a restarted node's log follows the killed one's.
    node.process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(node.name + ".out").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(node.name + ".err").toFile()))
        .start();
  }

  private void awaitHealthy(Node node, Duration timeout) {
    boolean healthy = Eventually.within(timeout, () -> {
      if (!node.process.isAlive()) {
        throw new IllegalStateException(node.name + " exited with " + node.process.exitValue()
            + " before it was healthy; see " + dir.resolve(node.name + ".err"));
      }
      try {
        return get(node.url(), "/health", "").statusCode() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      }
    });
    if (!healthy) {
      throw new IllegalStateException(node.name + " was not healthy within " + timeout + "; see "
          + dir.resolve(node.name + ".err"));
    }
  }

  /** HAProxy on {@link #HAPROXY_CONFIG} (its extra server lines removed), up once both addresses answer. */
  private void startHaproxy() throws IOException {
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, withNodes(Files.readString(HAPROXY_CONFIG), nodes.size()));
    anyNodePort = ApiClient.freePort();
    byPhonePort = ApiClient.freePort();
    var pb = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.out").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.err").toFile()));
    pb.environment().put("KABAMBE_LB_ANY", "127.0.0.1:" + anyNodePort);
    pb.environment().put("KABAMBE_LB_BY_PHONE", "127.0.0.1:" + byPhonePort);
    for (int i = 1; i <= 3; i++) {
      // Unused addresses still have to parse; their server lines are gone.
      pb.environment().put("KABAMBE_NODE" + i, "127.0.0.1:" + (i <= nodes.size() ? nodes.get(i - 1).port : 1));
    }
    haproxy = pb.start();
    boolean up = Eventually.within(Duration.ofSeconds(20), () -> {
      if (!haproxy.isAlive()) {
        throw new IllegalStateException("haproxy exited with " + haproxy.exitValue() + "; see "
            + dir.resolve("haproxy.err"));
      }
      try {
        return get(anyNodeUrl(), "/health", "").statusCode() == 200
            && get(byPhoneUrl(), "/health", "").statusCode() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      }
    });
    if (!up) throw new IllegalStateException("haproxy did not answer within 20 s");
  }

  /** The configuration with only the server lines of nodes 1..count. */
  static String withNodes(String config, int count) {
    Matcher m = SERVER_LINE.matcher(config);
    var out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Integer.parseInt(m.group(1)) <= count ? "$0" : "");
    return m.appendTail(out).toString();
  }
}
