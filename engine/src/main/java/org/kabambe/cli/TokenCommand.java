package org.kabambe.cli;

import java.time.Clock;
import java.util.Optional;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kabambe token create|revoke}: admin API tokens, stored hashed, every change audited. */
@Command(name = "token", description = "Create or revoke admin API tokens.",
    subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "create", description = "Create a token and print it (once: only its hash is stored).")
  static final class Create implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, author or admin")
    String role;

    @Option(names = "--name", defaultValue = "unnamed", description = "who or what uses it (shown in the audit log)")
    String name;

    @Option(names = "--expires", paramLabel = "AGE", description = "validity, e.g. 90d, 12h (default: never expires)")
    String expires;

    @Option(names = "--db", defaultValue = "${env:KABAMBE_DB:-data/kabambe}", description = "H2 database file")
    String db;

    @Override
    public Integer call() {
      Role r;
      Optional<java.time.Duration> validity;
      try {
        r = Role.parse(role);
        validity = Optional.ofNullable(expires).map(ApiTokens::parseValidity);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try (Database database = Database.open(db)) {
        var created = new ApiTokens(database, Clock.systemUTC()).create(r, name, validity, "cli");
        var out = spec.commandLine().getOut();
        out.println(created.token());
        spec.commandLine().getErr().println("token " + created.id() + " (" + r.label() + ", '" + name + "'"
            + created.expires().map(e -> ", expires " + e).orElse("") + "): shown once; send it as "
            + "'Authorization: Bearer <token>'");
        out.flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "revoke", description = "Revoke a token by its id.")
  static final class Revoke implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Option(names = "--db", defaultValue = "${env:KABAMBE_DB:-data/kabambe}", description = "H2 database file")
    String db;

    @Override
    public Integer call() {
      try (Database database = Database.open(db)) {
        if (!new ApiTokens(database, Clock.systemUTC()).revoke(id, "cli")) {
          throw new CliException("no active token " + id);
        }
        spec.commandLine().getOut().println("token " + id + " revoked");
      }
      return Main.OK;
    }
  }
}
