package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
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
 * A version's funnel and the versions' runs read funnel_version_daily's and run_version_daily's keys, never a
 * whole table, on H2 and PostgreSQL (EXPLAIN after ANALYZE; on PostgreSQL with sequential scans priced out, since
 * a test's tiny tables are rightly scanned).
 */
@Tag("database")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionFunnelPlanTest {
  static final Period ALL = new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 8), Optional.empty());
  static final Period SMS = new Period(ALL.from(), ALL.to(), Optional.of("sms"));

  Database db;

  @BeforeAll
  void fill() throws Exception {
    db = SyntheticLog.analysed(300);
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void theRollupKeepsTheVersionsFunnelBesideTheFlows() {
    var figures = new Figures(db);
    assertEquals(java.util.Set.copyOf(figures.funnel(SyntheticLog.FLOW, ALL)),
        java.util.Set.copyOf(figures.funnel(SyntheticLog.FLOW, ALL, Optional.of("h1"))),
        "one version: its funnel is the flow's");
    assertEquals(List.of(), figures.funnel(SyntheticLog.FLOW, ALL, Optional.of("h2")));
    assertEquals(figures.flow(SyntheticLog.FLOW, ALL, List.of()).runs(),
        figures.versionRuns(SyntheticLog.FLOW, ALL, "h1"));
  }

  @Test
  void aVersionsFunnelReadsItsKey() throws SQLException {
    for (Period p : List.of(ALL, SMS)) {
      String plan = explain(Figures.funnelSql(p, true), p);
      assertTrue(QueryPlans.readsIndex(plan, postgres() ? "funnel_version_daily_pkey" : "PRIMARY_KEY"), plan);
      assertFalse(QueryPlans.scansATable(plan), plan);
    }
  }

  @Test
  void aVersionsRunsReadTheVersionIndex() throws SQLException {
    for (Period p : List.of(ALL, SMS)) {
      String plan = explain(Figures.versionRunsSql(p), p);
      assertTrue(QueryPlans.readsIndex(plan, postgres() ? "run_version_daily_pkey" : "PRIMARY_KEY"), plan);
      assertFalse(QueryPlans.scansATable(plan), plan);
    }
    String plan = explain(FlowVersions.RUNS_BY_VERSION, null);
    assertTrue(QueryPlans.readsIndex(plan, postgres() ? "run_version_daily_pkey" : "PRIMARY_KEY"), plan);
    assertFalse(QueryPlans.scansATable(plan), plan);
  }

  private boolean postgres() {
    return db.dialect() == Dialect.POSTGRESQL;
  }

  /** The plan with the flow, the period (if any) and version h1 bound. */
  private String explain(String sql, Period p) throws SQLException {
    try (var c = db.connection()) {
      if (p == null) return QueryPlans.planWithoutSeqScans(c, sql, SyntheticLog.FLOW);
      return p.channel().isPresent()
          ? QueryPlans.planWithoutSeqScans(c, sql, SyntheticLog.FLOW, p.from(), p.to(), p.channel().get(), "h1")
          : QueryPlans.planWithoutSeqScans(c, sql, SyntheticLog.FLOW, p.from(), p.to(), "h1");
    }
  }
}
