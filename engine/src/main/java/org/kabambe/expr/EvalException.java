package org.kabambe.expr;

/** An expression failed at run time, e.g. it read an answer the participant has not given. */
public final class EvalException extends RuntimeException {
  public EvalException(String message, Throwable cause) {
    super(message, cause);
  }
}
