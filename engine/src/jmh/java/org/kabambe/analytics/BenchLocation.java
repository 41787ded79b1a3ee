package org.kabambe.analytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Where a benchmark's database lives: the location given (kept), or an H2 file in a temporary folder it deletes. */
final class BenchLocation {
  /** A benchmark's work on a database location. */
  interface Work {
    void run(String location) throws Exception;
  }

  private BenchLocation() {}

  /** Runs {@code work} on {@code given}, or when it is null on a new H2 file {@code name} deleted afterwards. */
  static void use(String given, String name, Work work) throws Exception {
    if (given != null) {
      work.run(given);
      return;
    }
    Path temp = Files.createTempDirectory("kabambe-bench-" + name);
    try {
      work.run(temp.resolve(name).toString());
    } finally {
      try (var files = Files.walk(temp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
