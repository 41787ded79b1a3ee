package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/**
 * How long the rollup takes (wall and CPU per row) and how long a flow's figures take to load, on an H2 file
 * database (or a PostgreSQL one, in the build's PostgreSQL run) holding a synthetic log. The figures are timed in a fresh JVM that opens the database (cold JIT, cold
 * page cache: the first dashboard call after a restart), then warm. The build runs it with 100,000 events; the
 * measurement in docs/benchmarks.md, with a million:
 * {@code mvn -B -o test -pl engine -am -Dtest=FiguresTimingTest -Dkabambe.events=1000000}
 * ({@code -Dkabambe.keep=DIR} keeps the database in DIR, e.g. for {@link RollupProbe}).
 */
@Tag("database")
class FiguresTimingTest {
  static final Period ALL_DAYS = new Period(java.time.LocalDate.of(2025, 3, 1), java.time.LocalDate.of(2025, 3, 8),
      java.util.Optional.empty());
  private static final Pattern ROUND = Pattern.compile("round (\\d+) total (\\d+) us");

  @TempDir
  Path dir;

  @Test
  void figuresOfALargeFlowLoadWellUnderASecondEvenRightAfterAStart() throws Exception {
    long target = Long.getLong("kabambe.events", 100_000);
    Path base = System.getProperty("kabambe.keep") != null ? Path.of(System.getProperty("kabambe.keep")) : dir;
    String location = TestDatabases.postgres() ? TestDatabases.location(base) : base.resolve("timing").toString();
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
      assertEquals(participants, new Figures(db).flow(SyntheticLog.FLOW, ALL_DAYS, RollupFiguresTest.QUESTIONS)
          .participants());
      System.out.printf("figures timing: %,d events + answers of %,d participants written in %d ms; rollup of %,d rows"
              + " in %d ms (%,.0f rows/s), %.1f µs CPU a row on the rollup thread%n", events, participants,
          ms(t1 - t0), applied, ms(t2 - t1), applied * 1e9 / (t2 - t1), cpu / 1e3 / applied);
    }

    List<Long> rounds = figuresInAFreshJvm(location);
    long first = rounds.get(0);
    long best = rounds.stream().mapToLong(Long::longValue).min().orElseThrow();
    System.out.printf("figures timing: figures (flow, funnel, results by arm, arms) in a fresh JVM: first %d ms,"
        + " best of %d %d ms%n", first, rounds.size(), best);
    assertTrue(first < 1_000, "the first figures after a start took " + first + " ms");
  }

  /** Runs {@link FiguresProbe} in a child JVM; the milliseconds of each round. */
  private List<Long> figuresInAFreshJvm(String location) throws Exception {
    Path out = dir.resolve("probe.out");
    var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), FiguresProbe.class.getName(), location, "5")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
    String log = Files.readString(out);
    assertEquals(0, process.exitValue(), log);
    var rounds = new ArrayList<Long>();
    for (String line : log.lines().toList()) {
      var m = ROUND.matcher(line);
      if (m.find()) {
        rounds.add(Long.parseLong(m.group(2)) / 1_000);
        System.out.println("figures timing: " + line);
      }
    }
    assertEquals(5, rounds.size(), log);
    return rounds;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
