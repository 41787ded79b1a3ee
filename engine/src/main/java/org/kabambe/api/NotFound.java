package org.kabambe.api;

/** A resource that does not exist (404): the message names it. */
final class NotFound extends RuntimeException {
  NotFound(String message) {
    super(message);
  }
}
