package org.kabambe.server;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.kabambe.testing.Eventually;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol on a WebSocket with the JDK's own HTTP client: no
 * driver binary, no npm, no browser download. One page; JavaScript errors and console errors are collected so a
 * test can insist there were none.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  /** The browser binary: {@code $CHROMIUM} if set, else the first Debian/Ubuntu path that exists. */
  static Optional<Path> binary() {
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) return Optional.of(Path.of(env)).filter(Files::isExecutable);
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /**
   * The browser binary for a browser test; without one the test is skipped with the reason, unless
   * {@code KABAMBE_BROWSER_TEST=required} or {@code -Dkabambe.browser=required}: then it fails instead.
   */
  static Path binaryOrSkip() {
    Optional<Path> chromium = binary();
    if (chromium.isEmpty()) {
      String why = "no Chromium binary (/usr/bin/chromium or $CHROMIUM): apt-get install -y chromium";
      if ("required".equals(System.getProperty("kabambe.browser"))
          || "required".equals(System.getenv("KABAMBE_BROWSER_TEST"))) {
        org.junit.jupiter.api.Assertions.fail(why + " (the browser test is required here)");
      }
      org.junit.jupiter.api.Assumptions.abort("browser test skipped: " + why);
    }
    return chromium.get();
  }

  static HeadlessChromium launch(Path binary, Path profile, int width, int height) throws Exception {
    Files.createDirectories(profile);
    Path log = profile.resolveSibling("chromium.log");
    Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    boolean open = Eventually.within(Duration.ofSeconds(60),
        () -> !p.isAlive() || Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2);
    if (!open || !p.isAlive()) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not open its DevTools port; its output:\n"
          + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
    HttpClient http = HttpClient.newHttpClient();
    // A fresh page target: its own WebSocket takes page-level commands without a session id.
    var created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
        .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 200) {
      p.destroyForcibly();
      throw new IllegalStateException("DevTools /json/new answered " + created.statusCode() + ": " + created.body());
    }
    String ws = new JsonObject(created.body()).getString("webSocketDebuggerUrl");
    return new HeadlessChromium(p, profile, http, ws);
  }

  private HeadlessChromium(Process process, Path profile, HttpClient http, String ws) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
        .buildAsync(URI.create(ws), new Listener()).get(30, TimeUnit.SECONDS);
    send("Runtime.enable", new JsonObject());
    send("Page.enable", new JsonObject());
    send("Log.enable", new JsonObject());
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        handle(new JsonObject(text.toString()));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  private void handle(JsonObject message) {
    Long id = message.getLong("id");
    if (id != null) {
      var f = pending.remove(id);
      if (f == null) return;
      if (message.containsKey("error")) f.completeExceptionally(new IllegalStateException(message.encode()));
      else f.complete(message.getJsonObject("result", new JsonObject()));
      return;
    }
    String method = message.getString("method", "");
    JsonObject params = message.getJsonObject("params", new JsonObject());
    if (method.equals("Runtime.exceptionThrown")) {
      errors.add("exception: " + params.getJsonObject("exceptionDetails", new JsonObject()).encode());
    } else if (method.equals("Runtime.consoleAPICalled") && "error".equals(params.getString("type"))) {
      errors.add("console.error: " + params.getJsonArray("args").encode());
    } else if (method.equals("Log.entryAdded")) {
      JsonObject entry = params.getJsonObject("entry", new JsonObject());
      if ("error".equals(entry.getString("level"))) errors.add("log: " + entry.getString("text"));
    }
  }

  /** Sends one command and waits for its result. */
  JsonObject send(String method, JsonObject params) throws Exception {
    long id = ids.incrementAndGet();
    var f = new CompletableFuture<JsonObject>();
    pending.put(id, f);
    socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true)
        .get(30, TimeUnit.SECONDS);
    return f.get(60, TimeUnit.SECONDS);
  }

  void navigate(String url) throws Exception {
    send("Page.navigate", new JsonObject().put("url", url));
  }

  /** Evaluates an expression in the page (promises awaited); returns its value, or throws on a JavaScript error. */
  Object eval(String expression) throws Exception {
    JsonObject r = send("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + r.getJsonObject("exceptionDetails").encode());
    }
    return r.getJsonObject("result", new JsonObject()).getValue("value");
  }

  boolean truthy(String expression) throws Exception {
    return Boolean.TRUE.equals(eval("Boolean(" + expression + ")"));
  }

  String text(String selector) throws Exception {
    Object v = eval("(document.querySelector(" + quote(selector) + ") || {}).textContent || ''");
    return v == null ? "" : v.toString();
  }

  /** Waits until {@code expression} is truthy in the page. */
  void waitFor(String what, String expression, Duration timeout) throws Exception {
    if (!Eventually.within(timeout, () -> truthyWhileLoading(expression))) {
      throw new AssertionError("timed out waiting for " + what + " (" + expression + "); the page shows:\n"
          + eval("document.body ? document.body.innerText : ''") + "\nbrowser errors: " + errors);
    }
  }

  /** As {@link #truthy}, but false while a navigation (a reload) replaces the page under the evaluation. */
  private boolean truthyWhileLoading(String expression) throws Exception {
    try {
      return truthy(expression);
    } catch (Exception e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("navigated or closed") || m.contains("context was destroyed")
          || m.contains("Cannot find context")) {
        return false;
      }
      throw e;
    }
  }

  /** Focuses the element and types {@code text} as keyboard input. */
  void type(String selector, String text) throws Exception {
    eval("document.querySelector(" + quote(selector) + ").focus()");
    send("Input.insertText", new JsonObject().put("text", text));
  }

  /** Clicks the middle of the element with real mouse events. */
  void click(String selector) throws Exception {
    Object box = eval("(() => { const e = document.querySelector(" + quote(selector) + ");"
        + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
    var xy = (io.vertx.core.json.JsonArray) box;
    for (String type : List.of("mousePressed", "mouseReleased")) {
      send("Input.dispatchMouseEvent", new JsonObject().put("type", type).put("x", xy.getDouble(0))
          .put("y", xy.getDouble(1)).put("button", "left").put("clickCount", 1));
    }
  }

  void screenshot(Path png) throws Exception {
    JsonObject r = send("Page.captureScreenshot", new JsonObject().put("format", "png")
        .put("captureBeyondViewport", true));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(r.getString("data")));
  }

  /** A picture of one element only (for looking at a part of a long page). */
  void screenshotOf(String selector, Path png) throws Exception {
    var r = (io.vertx.core.json.JsonArray) eval("(() => { const b = document.querySelector(" + quote(selector)
        + ").getBoundingClientRect(); return [b.left + scrollX, b.top + scrollY, b.width, b.height]; })()");
    JsonObject clip = new JsonObject().put("x", r.getDouble(0)).put("y", r.getDouble(1)).put("width", r.getDouble(2))
        .put("height", r.getDouble(3)).put("scale", 1);
    JsonObject shot = send("Page.captureScreenshot", new JsonObject().put("format", "png").put("clip", clip)
        .put("captureBeyondViewport", true));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(shot.getString("data")));
  }

  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  static String quote(String s) {
    return new JsonObject().put("s", s).encode().replaceFirst("^\\{\"s\":", "").replaceFirst("}$", "");
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser goes anyway
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
