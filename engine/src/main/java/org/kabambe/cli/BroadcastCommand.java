package org.kabambe.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kabambe.api.Audit;
import org.kabambe.broadcast.BroadcastSpec;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kabambe broadcast}: a personalised SMS to a segment. {@code --dry-run} prints the recipients and the cost
 * in SMS segments; otherwise the broadcast is recorded and the server queues it (at {@code --at}, else on its next
 * start or within seconds), throttled through the outbox. Works on a stopped server's database (H2 is one process);
 * on a running server, use {@code POST /api/broadcasts}.
 */
@Command(name = "broadcast", description = "Send (or --dry-run) a personalised SMS to a segment of contacts.",
    subcommands = {BroadcastCommand.ListBroadcasts.class, BroadcastCommand.CancelBroadcast.class})
final class BroadcastCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--text", paramLabel = "TEXT", description = "the message; {{ contact.FIELD }} personalises it")
  String text;

  @Option(names = "--flow", paramLabel = "ID", description = "start this SMS flow for each recipient instead of a text")
  String flow;

  @Option(names = "--arms", paramLabel = "A:TEXT,B:TEXT", description = "random arms, one text each (instead of --text)")
  String arms;

  @Option(names = "--to", paramLabel = "\"groups: a,b\"", description = "contacts in any of these groups (default: all)")
  String to;

  @Option(names = "--where", paramLabel = "CEL", description = "a condition over contact fields, e.g. contact.district == \"north\"")
  String where;

  @Option(names = "--completed", paramLabel = "FLOW", description = "only contacts who completed this flow")
  String completed;

  @Option(names = "--replied-within", paramLabel = "AGE", description = "only contacts who answered or texted within, e.g. 30d")
  String repliedWithin;

  @Option(names = "--sample", paramLabel = "N|N%", description = "a seeded random sample of the matching contacts")
  String sample;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the sample and arms (default 1)")
  long seed;

  @Option(names = "--at", paramLabel = "TIME", description = "start time, ISO: 2026-03-05T09:00:00Z (UTC if no zone)")
  String at;

  @Option(names = "--dry-run", description = "print recipients and SMS segments; send nothing")
  boolean dryRun;

  @picocli.CommandLine.Mixin
  DatabaseOption db;

  @Option(names = "--flows", defaultValue = "${env:KABAMBE_FLOWS:-flows}", description = "flows folder (fields.yaml)")
  Path flows;

  @Override
  public Integer call() {
    if ((text != null ? 1 : 0) + (arms != null ? 1 : 0) + (flow != null ? 1 : 0) != 1) {
      throw new ParameterException(spec.commandLine(), "give one of --text, --arms or --flow");
    }
    BroadcastSpec request;
    try {
      Map<String, String> texts = text != null ? Map.of("", text) : arms != null ? BroadcastSpec.parseArms(arms)
          : Map.of();
      request = new BroadcastSpec(texts, to == null ? List.of() : BroadcastSpec.parseGroups(to),
          Optional.ofNullable(where), Optional.ofNullable(sample), seed, Optional.ofNullable(at).map(this::time),
          Optional.ofNullable(completed), Optional.ofNullable(repliedWithin).map(BroadcastSpec::duration),
          Optional.ofNullable(flow));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    var fields = ContactsDatabase.fields("broadcast", flows);
    Catalog catalog = fieldsOnly(fields);
    var out = spec.commandLine().getOut();
    try (Database database = CliDatabase.openExisting("kabambe broadcast", db.location())) {
      var broadcasts = new Broadcasts(database, () -> catalog, Clock.systemUTC(),
          Broadcasts.Hooks.audited(Audit::record));
      Broadcasts.DryRun figures;
      try {
        figures = broadcasts.dryRun(request);
      } catch (IllegalArgumentException e) {
        throw new CliException("broadcast: " + e.getMessage());
      }
      out.println("recipients: " + figures.recipients() + " (opted out, excluded: " + figures.optedOutExcluded() + ")");
      figures.perArm().forEach((arm, n) -> out.println((arm.isEmpty() ? "message" : "arm " + arm) + ": " + n
          + " recipients, up to " + figures.segmentsPerMessage().get(arm) + " segment(s) per message"));
      out.println("total SMS segments: " + figures.segments());
      if (!dryRun) {
        long id;
        try {
          id = broadcasts.create(request, figures, "cli");
        } catch (IllegalArgumentException e) {
          throw new CliException("broadcast: " + e.getMessage());
        }
        out.println("broadcast " + id + " recorded; the server queues it from "
            + request.at().map(Instant::toString).orElse("its next start") + " (progress: GET /api/broadcasts/" + id + ")");
      }
      out.flush();
    }
    return Main.OK;
  }

  /** What the CLI needs of a catalog: the declared fields (flows are the server's business). */
  static Catalog fieldsOnly(ContactFields fields) {
    return new Catalog(Map.of(), fields, GlobalKeywords.DEFAULTS, Map.of(), List.of());
  }

  private Instant time(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("--at should be an ISO time like 2026-03-05T09:00:00Z; '" + s + "' is not");
      }
    }
  }

  /** {@code kabambe broadcast list}: newest first, with status and progress (as {@code GET /api/broadcasts}). */
  @Command(name = "list", description = "List broadcasts, newest first, with their status and progress.")
  static final class ListBroadcasts implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--page", defaultValue = "1", description = "page of " + Broadcasts.PAGE + " (default 1)")
    int page;

    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Override
    public Integer call() {
      if (page < 1) throw new ParameterException(spec.commandLine(), "--page must be 1 or more");
      var out = spec.commandLine().getOut();
      try (Database database = CliDatabase.openExisting("kabambe broadcast list", db.location())) {
        var listing = new Broadcasts(database, () -> fieldsOnly(ContactFields.NONE), Clock.systemUTC()).list(page);
        for (Broadcasts.Progress p : listing.broadcasts()) out.println(line(p));
        out.println(listing.total() + " broadcast(s)" + (listing.total() > Broadcasts.PAGE
            ? ", page " + page + " of " + ((listing.total() + Broadcasts.PAGE - 1) / Broadcasts.PAGE) : ""));
        out.flush();
      }
      return Main.OK;
    }

    static String line(Broadcasts.Progress p) {
      BroadcastSpec s = p.spec();
      String what = s.flow().map(f -> "flow " + f).orElseGet(() -> s.arms().size() == 1
          ? "\"" + clip(s.arms().values().iterator().next()) + "\"" : s.arms().size() + " arms");
      String planned = p.recipients().isPresent() ? "/" + p.recipients().getAsLong() : "";
      return String.format("%d  %-9s  %d%s queued, %d segments%s  created %s by %s  %s", p.id(), p.status(),
          p.queued(), planned, p.segments(), p.withdrawn() > 0 ? ", " + p.withdrawn() + " withdrawn" : "",
          p.createdAt().truncatedTo(ChronoUnit.SECONDS), p.createdBy(), what);
    }

    private static String clip(String text) {
      return text.length() <= 40 ? text : text.substring(0, 39) + "…";
    }
  }

  /** {@code kabambe broadcast cancel ID} (as {@code POST /api/broadcasts/ID/cancel}); audited as "cli". */
  @Command(name = "cancel", description = "Cancel a broadcast: it queues nothing more, and its queued messages that "
      + "no sender has claimed are withdrawn.")
  static final class CancelBroadcast implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(paramLabel = "ID", description = "the broadcast (see broadcast list)")
    long id;

    @picocli.CommandLine.Mixin
    DatabaseOption db;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      try (Database database = CliDatabase.openExisting("kabambe broadcast cancel", db.location())) {
        var broadcasts = new Broadcasts(database, () -> fieldsOnly(ContactFields.NONE), Clock.systemUTC(),
            Broadcasts.Hooks.audited(Audit::record));
        if (broadcasts.progress(id).isEmpty()) throw new CliException("broadcast cancel: there is no broadcast " + id);
        boolean cancelled = broadcasts.cancel(id, "cli");
        var p = broadcasts.progress(id).orElseThrow();
        out.println(cancelled ? "broadcast " + id + " cancelled: " + p.queued() + " queued, " + p.withdrawn()
            + " withdrawn before sending" : "broadcast " + id + " was already cancelled");
        out.flush();
      }
      return Main.OK;
    }
  }
}
