package org.kabambe.api;

import java.util.Optional;

/** The outcome of checking a request's token: the caller, or the HTTP status and JSON error that refuse it. */
public record TokenCheck(Optional<Caller> caller, int status, String error, String message) {
  static TokenCheck ok(Caller c) {
    return new TokenCheck(Optional.of(c), 200, "", "");
  }

  static TokenCheck refused(int status, String error, String message) {
    return new TokenCheck(Optional.empty(), status, error, message);
  }
}
