package org.kabambe.connectors.ussd;

import org.kabambe.connectors.http.BadFieldException;

/** Reads the boolean flags gateways send as text. */
final class Flags {
  private Flags() {}

  static boolean parse(String text, String field) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new BadFieldException("field '" + field + "' must be true or false");
  }
}
