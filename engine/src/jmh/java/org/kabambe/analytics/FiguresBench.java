package org.kabambe.analytics;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kabambe.store.Database;

/**
 * {@code scripts/bench-figures}: how long the rollup takes (wall, and CPU a row on its thread) over a synthetic log
 * on an H2 file (or a PostgreSQL URL), and how long a flow's figures take to load in a fresh JVM (cold JIT and page
 * cache: the first dashboard call after a restart) and warm. Prints figures; asserts nothing.
 */
public final class FiguresBench {
  static final Period ALL_DAYS = new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 8), Optional.empty());

  private FiguresBench() {}

  static String usage() {
    return """
        usage: bench-figures [--events N] [--db LOCATION]
          --events N      events to write before the rollup (default 1000000; answers come on top)
          --db LOCATION   an H2 file path (kept afterwards) or a jdbc:postgresql:// URL of an empty database
                          (default: a new H2 file in a temporary folder, deleted at the end)
        Then: org.kabambe.analytics.RollupProbe LOCATION (same class path) rolls a kept database up again and prints
        the CPU per row.""";
  }

  public static void main(String[] args) throws Exception {
    var options = BenchOptions.parse("bench-figures", usage(), args, Set.of("--events", "--db"));
    if (options.help()) return;
    long events = options.number("--events", 1_000_000);
    String location = options.text("--db");
    BenchLocation.use(location, "figures", at -> measure(at, events));
  }

  private static void measure(String location, long target) throws Exception {
    long events = 0;
    int participants = 0;
    long t0 = System.nanoTime();
    try (Database db = Database.open(location)) {
      try (var log = new SyntheticLog(db)) {
        while (events < target) {
          events += log.participants(participants, participants + 1_000);
          participants += 1_000;
        }
      }
      long t1 = System.nanoTime();
      var threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long applied = new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long t2 = System.nanoTime();
      long counted = new Figures(db).flow(SyntheticLog.FLOW, ALL_DAYS, RollupFiguresTest.QUESTIONS).participants();
      System.out.printf("bench-figures: %,d events + answers of %,d participants written in %d ms; rollup of %,d rows"
              + " in %d ms (%,.0f rows/s), %.1f µs CPU a row on the rollup thread; figures count %,d participants%n",
          events, participants, ms(t1 - t0), applied, ms(t2 - t1), applied * 1e9 / (t2 - t1), cpu / 1e3 / applied,
          counted);
    }
    var probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), FiguresProbe.class.getName(), location, "5")
        .inheritIO().start();
    if (!probe.waitFor(300, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      System.err.println("bench-figures: the fresh-JVM probe did not finish in 300 s");
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
