package org.kabambe.server;

import java.time.Clock;
import java.util.Optional;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;

/** Tokens for tests that read the (token-protected) admin API. */
final class ApiTestTokens {
  private ApiTestTokens() {}

  static String author(KabambeServer server) {
    return new ApiTokens(server.database(), Clock.systemUTC()).create(Role.AUTHOR, "test", Optional.empty(), "test")
        .token();
  }
}
