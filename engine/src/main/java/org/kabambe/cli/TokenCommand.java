package org.kabambe.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kabambe token create|list|revoke}: admin API tokens, stored hashed, every change audited. */
@Command(name = "token", description = "Create, list or revoke admin API tokens (on a stopped server's database; "
    + "on a running one, POST /api/tokens).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "create", description = "Create a token and print it (once: only its hash is stored).")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, author or admin")
    String role;

    @Option(names = "--name", defaultValue = "unnamed", description = "who or what uses it (shown in the audit log)")
    String name;

    @Option(names = "--expires", paramLabel = "AGE", description = "validity, e.g. 90d, 12h (default: never expires)")
    String expires;

    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Override
    public Integer call() {
      Role r;
      Optional<Duration> validity;
      try {
        r = Role.parse(role);
        validity = Optional.ofNullable(expires).map(ApiTokens::parseValidity);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try (Database database = CliDatabase.open("kabambe token create", db.location())) {
        var created = new ApiTokens(database, Clock.systemUTC()).create(r, name, validity, "cli");
        var out = spec.commandLine().getOut();
        out.println(created.token());
        // The token alone on stdout (ADMIN=$(kabambe token create ...)); what to know about it on stderr.
        spec.commandLine().getErr().println("token id " + created.id() + " (" + r.label() + ", '" + name + "'"
            + created.expires().map(e -> ", expires " + e).orElse("") + "): shown once; send it as "
            + "'Authorization: Bearer <token>'; revoke it with: kabambe token revoke " + created.id());
        out.flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "list", description = "List the tokens: id, name, role, status, expiry and last use (never the "
      + "token itself: only its hash is stored).")
  static final class ListTokens implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      try (Database database = CliDatabase.openExisting("kabambe token list", db.location())) {
        Instant now = Instant.now();
        var tokens = new ApiTokens(database, Clock.systemUTC()).list();
        String format = "%-5s %-20s %-7s %-8s %-20s %s%n";
        out.printf(format, "ID", "NAME", "ROLE", "STATUS", "EXPIRES", "LAST USED");
        for (ApiTokens.Listed t : tokens) {
          String status = t.revoked().isPresent() ? "revoked"
              : t.expires().filter(e -> !e.isAfter(now)).isPresent() ? "expired" : "active";
          out.printf(format, t.id(), t.name(), t.role().label(), status, t.expires().map(TokenCommand::time)
              .orElse("never"), t.lastUsed().map(TokenCommand::time).orElse("never"));
        }
        out.println(tokens.size() + " token(s)");
        out.flush();
      }
      return Main.OK;
    }
  }

  private static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Command(name = "revoke", description = "Revoke a token by its id (see token list).")
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Override
    public Integer call() {
      try (Database database = CliDatabase.openExisting("kabambe token revoke", db.location())) {
        if (!new ApiTokens(database, Clock.systemUTC()).revoke(id, "cli")) {
          throw new CliException("no active token " + id);
        }
        spec.commandLine().getOut().println("token " + id + " revoked");
      }
      return Main.OK;
    }
  }
}
