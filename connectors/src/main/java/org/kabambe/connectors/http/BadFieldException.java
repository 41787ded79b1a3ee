package org.kabambe.connectors.http;

/** A request field is missing or malformed; the message names it and becomes the 400 body. */
public final class BadFieldException extends RuntimeException {
  public BadFieldException(String message) {
    super(message, null, false, false);
  }

  public static BadFieldException missing(String field) {
    return new BadFieldException("missing field '" + field + "'");
  }
}
