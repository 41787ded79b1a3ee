package org.kabambe.expr;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Two calls a hop makes many times: a compiled CEL condition tested against a participant's answers and contact
 * (about 0.5 µs; 100 µs would mean re-parsing or map building per call), and a known number keyed through the
 * cached libphonenumber parse (a hash lookup; libphonenumber itself costs microseconds).
 * {@code scripts/bench-engine HotCallsBench}. These were timing assertions in the unit suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotCallsBench {
  private Expression condition;
  private Bindings bindings;
  private PhoneNumbers kenya;

  @Setup
  public void compile() {
    condition = new Expression("answers.age < 18 && contact.district == 'Zomba'", new SourcePos("bench.yaml", 1, 1));
    var diagnostics = new Diagnostics();
    if (!new ExprCompiler(ExprFixtures.SCOPE).bind(condition, ValueType.BOOL, diagnostics)) {
      throw new IllegalStateException(ExprFixtures.report(diagnostics));
    }
    bindings = ExprFixtures.bindings(Map.of("age", 12.0), Map.of(), Map.of("district", "Zomba"));
    kenya = PhoneNumbers.forRegion("KE");
  }

  @Benchmark
  public boolean condition() {
    return condition.test(bindings);
  }

  @Benchmark
  public Object knownNumberKey() {
    return kenya.key("+254712000111");
  }
}
