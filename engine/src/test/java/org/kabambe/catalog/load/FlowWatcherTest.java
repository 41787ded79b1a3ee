package org.kabambe.catalog.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.FlowRegistry;

/** Hot reload survives a load that fails outright: counted, the old flows keep serving, the next edit reloads. */
class FlowWatcherTest {
  @TempDir
  Path dir;

  private static final String FLOW = "flow: hello\ntitle: Hello\nlanguages: [en]\nstart: a\nnodes:\n"
      + "  a: {end: {text: \"%s\"}}\n";

  private void write(String text, int second) throws Exception {
    Path f = dir.resolve("hello.yaml");
    Files.writeString(f, FLOW.formatted(text));
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-03-02T08:00:00Z").plusSeconds(second)));
  }

  private String served(FlowRegistry registry) {
    return registry.current("hello").orElseThrow().node("a").orElseThrow().toString();
  }

  @Test
  void aFailedReloadIsCountedAndTheNextChangeReloads() throws Exception {
    write("Version one", 0);
    var registry = new FlowRegistry(CatalogLoader.standard().load(List.of(dir)));
    var failures = new AtomicInteger();
    var reloads = new AtomicInteger();
    var calls = new AtomicInteger();
    var watcher = new FlowWatcher(dir, registry, outcome -> reloads.incrementAndGet(), failures::incrementAndGet,
        paths -> {
          if (calls.incrementAndGet() == 1) throw new StackOverflowError("a walk too deep");
          return CatalogLoader.standard().load(paths);
        });

    write("Version two", 1);
    assertFalse(watcher.poll());
    assertEquals(1, failures.get());
    assertTrue(served(registry).contains("Version one"), "the previous version keeps serving");

    write("Version three", 2);
    assertTrue(watcher.poll());
    assertEquals(1, reloads.get());
    assertTrue(served(registry).contains("Version three"), served(registry));
  }
}
