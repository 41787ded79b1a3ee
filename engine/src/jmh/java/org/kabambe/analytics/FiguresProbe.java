package org.kabambe.analytics;

import org.kabambe.store.Database;

/**
 * Opens a rolled-up database in a fresh JVM and times the figures the dashboard loads first: what a participant of
 * the programme's staff waits for after a restart (cold JIT, cold page cache). Prints one line per round.
 */
public final class FiguresProbe {
  private FiguresProbe() {}

  public static void main(String[] args) {
    long open0 = System.nanoTime();
    try (Database db = Database.open(args[0])) {
      long opened = System.nanoTime() - open0;
      var figures = new Figures(db);
      for (int round = 0; round < Integer.parseInt(args[1]); round++) {
        long s = System.nanoTime();
        figures.flow(SyntheticLog.FLOW, FiguresBench.ALL_DAYS, RollupFiguresTest.QUESTIONS);
        long a = System.nanoTime();
        figures.funnel(SyntheticLog.FLOW, FiguresBench.ALL_DAYS);
        long b = System.nanoTime();
        figures.results(SyntheticLog.FLOW, FiguresBench.ALL_DAYS, Breakdown.ARM);
        long c = System.nanoTime();
        figures.arms(SyntheticLog.FLOW, FiguresBench.ALL_DAYS);
        long d = System.nanoTime();
        System.out.printf("round %d total %d us: flow %d, funnel %d, results %d, arms %d (open %d ms)%n", round,
            (d - s) / 1000, (a - s) / 1000, (b - a) / 1000, (c - b) / 1000, (d - c) / 1000, opened / 1_000_000);
      }
    }
  }
}
