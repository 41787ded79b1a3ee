package org.kabambe.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.kabambe.analytics.Breakdown;
import org.kabambe.analytics.CrossTabQuestions;
import org.kabambe.analytics.Rollup;
import org.kabambe.api.Audit;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.contact.ParsedNumber;
import org.kabambe.erasure.Erasure;
import org.kabambe.export.Pseudonyms;
import org.kabambe.store.Database;
import org.kabambe.store.Dialect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kabambe contacts forget NUMBER…}: a participant's erasure. On H2 the server must be stopped (this command
 * first counts what the server left uncounted, as its rollup would); on PostgreSQL it runs beside the server, whose
 * rollup must have counted the number's hops first, and leaves a number in the middle of a flow to the server's
 * admin API (the server holds that run and the conversation in memory), unless told the server is stopped.
 */
@Command(name = "forget", description = "Erase participants: every row that names the number is deleted (contact, "
    + "conversations, answers, events, queued messages, subscriptions, flow starts) or, where a figure counts it "
    + "(sent messages, runs, arms), given an unlinked token and its message body emptied. Figures keep their counts; "
    + "each number is one transaction, audited under its pseudonym.")
final class ContactsForget implements Callable<Integer> {
  static final String COMMAND = "kabambe contacts forget";
  /** On PostgreSQL, how long to wait for a running server's rollup to count the number's last hops. */
  static final long COUNT_WAIT_MS = 10_000;

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Mixin
  ContactsCommand.Common common;

  @Parameters(paramLabel = "NUMBER", arity = "1..*", description = "the numbers to forget, as imports read them")
  List<String> numbers;

  @Option(names = "--region", paramLabel = "CC",
      description = "country of numbers written without a country code, e.g. KE (env KABAMBE_REGION)")
  Optional<String> region;

  @Option(names = "--server-stopped", description = "PostgreSQL: no server uses the database now, so this command "
      + "counts the figures itself, as on H2 (beside a running server it waits for the server to count them)")
  boolean serverStopped;

  /** The questions the server's rollup pairs (cross-tabs): a change of answer counted here must move its pairs. */
  private Function<String, Set<String>> pairedQuestions() {
    if (!Files.isDirectory(common.flows)) return CrossTabQuestions.NONE;
    Catalog catalog = CatalogLoader.standard().load(List.of(common.flows));
    return CrossTabQuestions.ofCurrent(catalog::flow);
  }

  @Override
  public Integer call() {
    var parser = ContactsDatabase.numbers(COMMAND, region);
    var phones = new ArrayList<String>();
    var bad = new StringBuilder();
    for (String n : numbers) {
      if (parser.parse(n) instanceof ParsedNumber.Valid v) phones.add(v.e164());
      else if (parser.parse(n) instanceof ParsedNumber.Invalid i) bad.append("\n  ").append(i.reason());
    }
    if (!bad.isEmpty()) {
      throw new CliException(COMMAND + ": nothing was forgotten; fix these numbers first (--region reads local ones):"
          + bad);
    }
    var fields = ContactsDatabase.fields(COMMAND, common.flows);
    try (Database db = CliDatabase.openExisting(COMMAND, common.db.location())) {
      var erasure = new Erasure(db, Pseudonyms.of(db), Audit::record, Clock.systemUTC());
      // H2: no server runs (the file is ours), so count here what it left uncounted, as its rollup would.
      Optional<Rollup> rollup = db.dialect() == Dialect.H2 || serverStopped
          ? Optional.of(new Rollup(db, Rollup.Settings.DEFAULT, e -> { }, () -> Breakdown.fieldsOf(fields),
              pairedQuestions()))
          : Optional.empty();
      var out = spec.commandLine().getOut();
      for (int i = 0; i < phones.size(); i++) {
        String phone = phones.get(i);
        Erasure.Outcome done = rollup.isPresent() ? rollup.get().paused(() -> erasure.forget(phone, "cli"))
            : forgetOnceCounted(erasure, phone);
        out.println(numbers.get(i) + " forgotten (" + done.pseudonym() + " in the audit): "
            + sum(done.deleted()) + " rows deleted, " + sum(done.rekeyed()) + " re-keyed to an unlinked token");
      }
      out.flush();
      return Main.OK;
    }
  }

  /** PostgreSQL: waits for the server's rollup to count the number's hops, so the figures keep them. */
  private static Erasure.Outcome forgetOnceCounted(Erasure erasure, String phone) {
    long deadline = System.currentTimeMillis() + COUNT_WAIT_MS;
    long uncounted;
    while ((uncounted = erasure.uncounted(phone)) > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(COMMAND + ": interrupted; nothing more was forgotten");
      }
    }
    if (uncounted > 0) {
      throw new CliException(COMMAND + ": " + uncounted + " hops of " + phone + " are not in the figures yet, and "
          + "forgetting them now would take them out of the figures; start the server (it counts them within "
          + "seconds) and run this again, or add --server-stopped if no server uses the database");
    }
    if (erasure.openRuns(phone) > 0) {
      throw new CliException(COMMAND + ": " + phone + " is in the middle of a flow, which a running server holds in "
          + "memory and would write back; forget it through the server (POST /api/contacts/forget, admin token), or "
          + "stop the server and add --server-stopped");
    }
    return erasure.forget(phone, "cli");
  }

  private static int sum(Map<String, Integer> rows) {
    return rows.values().stream().mapToInt(Integer::intValue).sum();
  }
}
