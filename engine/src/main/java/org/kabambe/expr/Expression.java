package org.kabambe.expr;

import org.kabambe.diag.SourcePos;

/**
 * A CEL expression as the author wrote it (a condition or a computed value), with its position in the flow
 * file. It is parsed with the flow, then compiled and type-checked once against the flow's {@link Scope} by
 * {@link ExprCompiler#bind}; after that it is evaluated per hop without any further parsing.
 */
public final class Expression {
  private final String source;
  private final SourcePos pos;
  private volatile CompiledExpr compiled;

  public Expression(String source, SourcePos pos) {
    this.source = source;
    this.pos = pos;
  }

  public String source() {
    return source;
  }

  public SourcePos pos() {
    return pos;
  }

  /** Attaches the compiled program; called once at load time, before the flow is published. */
  void attach(CompiledExpr program) {
    this.compiled = program;
  }

  public boolean isBound() {
    return compiled != null;
  }

  /** The checked result type; DYN before binding. */
  public ValueType resultType() {
    CompiledExpr c = compiled;
    return c == null ? ValueType.DYN : c.resultType();
  }

  /** Evaluates against the bindings; throws {@link EvalException} on a runtime error (e.g. an unset answer). */
  public Object eval(Bindings bindings) {
    CompiledExpr c = compiled;
    if (c == null) throw new IllegalStateException("expression at " + pos + " was not compiled: " + source);
    return c.eval(bindings);
  }

  /** Evaluates a condition; a runtime error or a non-boolean counts as false. */
  public boolean test(Bindings bindings) {
    try {
      return Boolean.TRUE.equals(eval(bindings));
    } catch (EvalException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
