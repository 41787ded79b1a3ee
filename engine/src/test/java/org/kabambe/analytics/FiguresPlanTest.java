package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kabambe.store.Database;
import org.kabambe.store.Dialect;
import org.kabambe.testing.QueryPlans;

/**
 * The dashboard's figures of one flow read the daily tables and flow_runs through their (flow_id, day) keys, on H2
 * and on PostgreSQL: EXPLAIN after ANALYZE. The tables of a small test are tiny, and PostgreSQL rightly scans a tiny
 * table; with sequential scans priced out it must still find an index that serves the query (none would leave a
 * Seq Scan in the plan).
 */
@Tag("database")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiguresPlanTest {
  static final Period ALL = new Period(java.time.LocalDate.of(2025, 3, 1), java.time.LocalDate.of(2025, 3, 8),
      Optional.empty());
  static final Period SMS = new Period(ALL.from(), ALL.to(), Optional.of("sms"));

  Database db;

  @BeforeAll
  void fill() throws Exception {
    db = SyntheticLog.analysed(500);
  }

  @AfterAll
  void close() {
    db.close();
  }

  /** The statements {@link Figures} runs for one flow, as it builds them. */
  static List<String> flowQueries(Period p) {
    return List.of(
        Figures.daily("SELECT COALESCE(SUM(runs), 0) FROM run_daily", p, ""),
        Figures.daily("SELECT type, SUM(n) FROM event_daily", p, " GROUP BY type ORDER BY type"),
        Figures.daily("SELECT node_id, SUM(reached), SUM(left_count) FROM funnel_daily", p, " GROUP BY node_id"),
        Figures.daily("SELECT node_id, name, answer, SUM(n) FROM answer_daily", p,
            " GROUP BY node_id, name, answer HAVING SUM(n) <> 0 ORDER BY node_id, name, SUM(n) DESC, answer"),
        Figures.daily("SELECT seconds, SUM(n) FROM duration_daily", p, " GROUP BY seconds"),
        Figures.runs("SELECT COUNT(DISTINCT phone) FROM flow_runs", p, ""));
  }

  @Test
  void aFlowsFiguresAreReadByItsKeysOnBothDatabases() throws SQLException {
    for (Period p : List.of(ALL, SMS)) {
      for (String sql : flowQueries(p)) {
        String plan = explain(sql, p);
        if (db.dialect() == Dialect.POSTGRESQL) {
          assertFalse(plan.contains("Seq Scan"), sql + "\n" + plan);
          assertTrue(plan.contains("Index"), sql + "\n" + plan);
        } else {
          assertFalse(plan.contains(".tableScan"), sql + "\n" + plan);
          assertTrue(plan.toUpperCase(Locale.ROOT).contains("FLOW_ID = ?1"), sql + "\n" + plan);
        }
      }
    }
  }

  private String explain(String sql, Period p) throws SQLException {
    try (Connection c = db.connection()) {
      return p.channel().isPresent()
          ? QueryPlans.planWithoutSeqScans(c, sql, SyntheticLog.FLOW, p.from(), p.to(), p.channel().get())
          : QueryPlans.planWithoutSeqScans(c, sql, SyntheticLog.FLOW, p.from(), p.to());
    }
  }
}
