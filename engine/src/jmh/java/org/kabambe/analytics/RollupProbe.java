package org.kabambe.analytics;

import java.lang.management.ManagementFactory;
import org.kabambe.store.Database;

/** Throws away the rolled-up figures of a database and rolls its events up again, timing it (wall and CPU). */
public final class RollupProbe {
  private RollupProbe() {}

  public static void main(String[] args) throws Exception {
    try (Database db = Database.open(args[0])) {
      try (var c = db.connection(); var s = c.createStatement()) {
        for (String t : new String[] {"analytics_cursor", "flow_runs", "funnel_daily", "event_daily", "answer_daily", "answer_field_daily", "run_daily", "duration_daily",
            "participant_arms"}) {
          s.execute("DELETE FROM " + t);
        }
      }
      var threads = ManagementFactory.getThreadMXBean();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long proc0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long rows = new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE).catchUp();
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long proc = os.getProcessCpuTime() - proc0;
      System.out.printf("rollup of %,d rows: %d ms (%,.0f rows/s); CPU %.1f µs/row on the rollup thread, %.1f µs/row"
          + " whole process%n", rows, wall / 1_000_000, rows * 1e9 / wall, cpu / 1e3 / rows, proc / 1e3 / rows);
    }
  }
}
