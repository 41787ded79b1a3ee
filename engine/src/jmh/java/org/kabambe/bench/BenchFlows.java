package org.kabambe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.Flow;
import org.kabambe.runtime.FlowLookup;

/** Flow folders for the benchmarks: written to a temp folder, loaded for real, deleted after. */
final class BenchFlows {
  private BenchFlows() {}

  static Path tempFolder() {
    try {
      return Files.createTempDirectory("kabambe-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path dir, String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads the folder and refuses to benchmark flows that do not load cleanly (a broken flow is not the path we time). */
  static Catalog loadClean(Path dir) {
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    if (catalog.hasErrors()) {
      throw new IllegalStateException("benchmark flows do not load: "
          + catalog.diagnostics().stream().filter(Diagnostic::isError).limit(5).toList());
    }
    return catalog;
  }

  static FlowLookup lookup(Catalog catalog) {
    return new FlowLookup() {
      public Optional<Flow> current(String id) {
        return catalog.flow(id);
      }

      public Optional<Flow> pinned(String id, String hash) {
        return catalog.flow(id);
      }
    };
  }

  static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
