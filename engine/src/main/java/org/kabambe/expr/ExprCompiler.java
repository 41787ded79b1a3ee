package org.kabambe.expr;

import org.kabambe.diag.Diagnostics;

/** Compiles and type-checks CEL expressions against one flow's {@link Scope}. TODO(expr helper). */
public final class ExprCompiler {
  private final Scope scope;

  public ExprCompiler(Scope scope) {
    this.scope = scope;
  }

  public Scope scope() {
    return scope;
  }

  /**
   * Compiles {@code e} and attaches the program to it. Syntax and type errors are reported at their position in
   * the flow file (the expression's position plus the offset inside it). {@code expected}, unless DYN, is the
   * type the result must have (BOOL for conditions). Returns false when the expression could not be bound.
   */
  public boolean bind(Expression e, ValueType expected, Diagnostics diagnostics) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Reports every insertion in {@code t} whose path is not in scope, with a did-you-mean. */
  public void check(Template t, Diagnostics diagnostics) {
    throw new UnsupportedOperationException("TODO");
  }
}
