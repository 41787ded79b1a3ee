package org.kabambe.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.Flow;
import org.kabambe.runtime.ArmPicker;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Interpreter;
import org.kabambe.runtime.NavLabels;
import org.kabambe.runtime.StepResult;
import org.kabambe.runtime.UssdBudget;
import org.kabambe.runtime.UssdPage;
import org.kabambe.runtime.UssdRenderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One USSD hop as the engine spends it: an interpreter step and the USSD rendering of the screen, for a
 * three-screen journey (dial a menu, choose, answer a number that a CEL route checks, land on the next menu with
 * an insertion). Scores are hops per second (one invocation is three hops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InterpreterBench {
  static final String FLOW = """
      flow: journey
      title: Three screens
      languages: [en, fr]
      start: welcome
      triggers: {ussd: ["*384*1#"]}
      nodes:
        welcome:
          menu:
            text: {en: "Welcome {{contact.name | fallback \\"friend\\"}}! Your voice counts.", fr: "Bienvenue !"}
            save: choice
            options:
              - {label: {en: Take the survey, fr: Répondre}, value: survey, goto: age}
              - {label: {en: Vaccine facts, fr: Infos vaccins}, goto: bye}
              - {label: {en: Talk to a nurse, fr: Infirmière}, when: 'contact.district == "Kibera"', goto: bye}
        age:
          ask:
            text: {en: "How old are you?", fr: "Quel âge avez-vous ?"}
            expect: {number: {min: 10, max: 120}}
            invalid: {en: "Please send your age in years, e.g. 17", fr: "Envoyez votre âge"}
            save: age
            next: check
        check:
          route:
            - when: answers.age < 18
              goto: bye
            - else: trust
        trust:
          menu:
            text: {en: "At {{answers.age}}, do you trust vaccines?", fr: "Faites-vous confiance aux vaccins ?"}
            save: trust
            options:
              - {label: {en: "Yes", fr: Oui}, value: "yes", goto: bye}
              - {label: {en: Not sure, fr: Pas sûr}, value: unsure, goto: bye}
              - {label: {en: "No", fr: Non}, value: "no", goto: bye}
        bye:
          end: {text: {en: "Thank you!", fr: "Merci !"}}
      """;

  Path dir;
  Flow flow;
  Interpreter interpreter;
  UssdRenderer renderer;
  Map<String, Object> contact;

  @Setup
  public void setUp() {
    dir = BenchFlows.tempFolder();
    BenchFlows.write(dir, "fields.yaml", "fields:\n  name: {type: text}\n  district: {type: text}\n");
    BenchFlows.write(dir, "journey.yaml", FLOW);
    Catalog catalog = BenchFlows.loadClean(dir);
    flow = catalog.flow("journey").orElseThrow();
    renderer = new UssdRenderer(UssdBudget.DEFAULT);
    interpreter = new Interpreter(BenchFlows.lookup(catalog), Clock.systemUTC(), ArmPicker.seeded(1),
        (prompt, lang) -> renderer.pageCount(prompt, NavLabels.forLanguage(lang)));
    contact = Map.of("phone", "+254700000001", "language", "en", "name", "Amina", "district", "Kibera");
    StepResult end = journey(new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
    if (!end.conversation().nodeId().equals("trust")) throw new IllegalStateException("journey ends at " + end);
  }

  @TearDown
  public void tearDown() {
    BenchFlows.delete(dir);
  }

  @Benchmark
  @OperationsPerInvocation(3)
  public StepResult threeHops(Blackhole bh) {
    return journey(bh);
  }

  private StepResult journey(Blackhole bh) {
    StepResult r = interpreter.start(flow, "+254700000001", Channel.USSD, "en", contact);
    bh.consume(screen(r));
    r = interpreter.reply(r.conversation(), "1");
    bh.consume(screen(r));
    r = interpreter.reply(r.conversation(), "34");
    bh.consume(screen(r));
    return r;
  }

  private UssdPage screen(StepResult r) {
    return renderer.render(r.prompt(), r.conversation().page(), NavLabels.forLanguage(r.conversation().language()));
  }
}
