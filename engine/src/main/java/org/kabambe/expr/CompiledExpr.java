package org.kabambe.expr;

/** A type-checked, ready-to-run expression program. */
public interface CompiledExpr {
  ValueType resultType();

  /** Runs the program; throws {@link EvalException} on a runtime error. */
  Object eval(Bindings bindings);
}
