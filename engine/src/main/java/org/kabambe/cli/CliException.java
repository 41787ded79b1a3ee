package org.kabambe.cli;

/** A problem with what the user asked for, reported as a plain message with exit code 1 (no stack trace). */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
