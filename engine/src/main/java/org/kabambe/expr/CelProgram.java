package org.kabambe.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kabambe.diag.SourcePos;

/**
 * A compiled CEL program bound to the flow's names. Variables are looked up lazily in the {@link Bindings}
 * when CEL asks for them, so an evaluation allocates no maps; an unset answer makes CEL's result "unknown",
 * which is reported as an {@link EvalException}.
 */
final class CelProgram implements CompiledExpr {
  private final CelRuntime.Program program;
  private final ValueType resultType;
  private final Map<String, ScopePath> variables;
  private final Map<String, ValueType> types;
  private final Map<Long, String> variableAtExpr;
  private final String source;
  private final SourcePos pos;

  CelProgram(CelRuntime.Program program, ValueType resultType, ScopeNames names, Map<Long, String> variableAtExpr,
      String source, SourcePos pos) {
    this.program = program;
    this.resultType = resultType;
    this.variables = names.variables();
    this.types = names.types();
    this.variableAtExpr = Map.copyOf(variableAtExpr);
    this.source = source;
    this.pos = pos;
  }

  @Override
  public ValueType resultType() {
    return resultType;
  }

  @Override
  public Object eval(Bindings bindings) {
    Object out;
    try {
      out = program.eval(name -> resolve(bindings, name));
    } catch (CelEvaluationException e) {
      throw new EvalException(pos + ": '" + source + "' failed: " + e.getMessage(), e);
    }
    if (out instanceof CelUnknownSet unknown) {
      throw new EvalException(pos + ": '" + source + "' needs " + unsetNames(unknown) + ", not set yet", null);
    }
    if (resultType == ValueType.INTEGER && out instanceof Double d) return wholeNumber(d);
    return CelValues.fromCel(out, resultType);
  }

  private Optional<Object> resolve(Bindings bindings, String name) {
    ScopePath path = variables.get(name);
    if (path == null) return Optional.empty();
    Object v = path.read(bindings);
    return v == null ? Optional.empty() : Optional.of(CelValues.toCel(v, types.get(name)));
  }

  private String unsetNames(CelUnknownSet unknown) {
    return unknown.unknownExprIds().stream()
        .map(id -> variableAtExpr.getOrDefault(id, "a value"))
        .distinct()
        .sorted()
        .collect(Collectors.joining(", "));
  }

  private Long wholeNumber(double d) {
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      throw new EvalException(pos + ": '" + source + "' gave " + d + ", which is not a whole number", null);
    }
    return (long) d;
  }

  @Override
  public String toString() {
    return source;
  }
}
