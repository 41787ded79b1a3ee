package org.kabambe.connectors.ussd;

/** A field is missing or malformed; the message names it and becomes a 400 body. */
final class BadFieldException extends RuntimeException {
  BadFieldException(String message) {
    super(message, null, false, false);
  }

  static BadFieldException missing(String field) {
    return new BadFieldException("missing field '" + field + "'");
  }
}
