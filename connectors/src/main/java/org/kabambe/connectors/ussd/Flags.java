package org.kabambe.connectors.ussd;

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
