package org.kabambe.catalog.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.FlowRegistry;
import org.kabambe.diag.Diagnostic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the flows folder when a file in it changes. It compares a cheap fingerprint (names, sizes, modified
 * times) on each poll, and loads only when it differs. Polling rather than a WatchService: it behaves the same on
 * every file system (network mounts, editors that replace files) and costs a directory listing a second.
 * Runs on a worker thread, never an event loop.
 */
public final class FlowWatcher {
  private static final Logger log = LoggerFactory.getLogger(FlowWatcher.class);

  private final Path dir;
  private final FlowRegistry registry;
  private final Consumer<FlowRegistry.ReloadOutcome> onReload;
  private final Runnable onFailure;
  private final Function<List<Path>, Catalog> loader;
  private String fingerprint;

  /** {@code onFailure} runs when a reload fails outright (counted as a reload with errors). */
  public FlowWatcher(Path dir, FlowRegistry registry, Consumer<FlowRegistry.ReloadOutcome> onReload,
                     Runnable onFailure) {
    this(dir, registry, onReload, onFailure, CatalogLoader.standard()::load);
  }

  FlowWatcher(Path dir, FlowRegistry registry, Consumer<FlowRegistry.ReloadOutcome> onReload, Runnable onFailure,
              Function<List<Path>, Catalog> loader) {
    this.dir = dir;
    this.registry = registry;
    this.onReload = onReload;
    this.onFailure = onFailure;
    this.loader = loader;
    this.fingerprint = fingerprint(dir);
  }

  /**
   * Checks once; reloads and installs when something changed. Returns whether a reload happened. A reload that
   * fails outright is logged and counted, the previous flows keep serving, and the next change is tried afresh.
   */
  public synchronized boolean poll() {
    String now = fingerprint(dir);
    if (now.equals(fingerprint)) return false;
    fingerprint = now;
    Catalog loaded;
    try {
      loaded = loader.apply(List.of(dir));
    } catch (RuntimeException | StackOverflowError e) {
      log.error("flows could not be reloaded; the previous versions keep serving until the next change", e);
      onFailure.run();
      return false;
    }
    Set<String> broken = loaded.diagnostics().stream().filter(Diagnostic::isError)
        .map(d -> d.pos().file()).collect(Collectors.toSet());
    FlowRegistry.ReloadOutcome outcome = registry.install(loaded, broken);
    if (outcome.hasErrors()) {
      log.warn("flows reloaded with errors; previous versions keep serving: {}", outcome.keptPrevious());
      outcome.findings().stream().filter(Diagnostic::isError).forEach(d -> log.warn("{}", d));
    } else {
      log.info("flows reloaded; changed: {}", outcome.changed());
    }
    onReload.accept(outcome);
    return true;
  }

  static String fingerprint(Path dir) {
    if (!Files.isDirectory(dir)) return "";
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .map(p -> {
            try {
              return p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
              return p + ":gone";
            }
          })
          .collect(Collectors.joining("|"));
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    }
  }
}
