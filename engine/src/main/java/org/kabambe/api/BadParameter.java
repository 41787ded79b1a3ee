package org.kabambe.api;

/** A query parameter the API cannot use (400): the answer names it, so a caller knows which one to fix. */
final class BadParameter extends IllegalArgumentException {
  private final String parameter;

  BadParameter(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  String parameter() {
    return parameter;
  }
}
