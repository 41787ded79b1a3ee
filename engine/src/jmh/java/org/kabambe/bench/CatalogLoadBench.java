package org.kabambe.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loading a large programme: {@code flows} generated flows of {@code nodes} nodes each (menus, asks, routes with
 * CEL conditions, texts with insertions in two languages), parsed, compiled, validated and cross-checked by
 * {@code CatalogLoader.standard()}. Target: under 2 s for 100 x 50, so a hot reload stays unnoticed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CatalogLoadBench {
  @Param("100")
  int flows;

  @Param("50")
  int nodes;

  Path dir;

  @Setup
  public void generate() {
    dir = BenchFlows.tempFolder();
    BenchFlows.write(dir, "fields.yaml", "fields:\n  district: {type: text}\n");
    for (int f = 0; f < flows; f++) BenchFlows.write(dir, "flow-" + f + ".yaml", flow(f, nodes));
    Catalog catalog = BenchFlows.loadClean(dir);
    if (catalog.flows().size() != flows) throw new IllegalStateException("loaded " + catalog.flows().size());
  }

  @TearDown
  public void tearDown() {
    BenchFlows.delete(dir);
  }

  @Benchmark
  public Catalog load() {
    return CatalogLoader.standard().load(List.of(dir));
  }

  /**
   * A flow whose nodes cycle menu, ask, route and only link forward (so every node is reachable, every path ends,
   * and no loop lacks input); the last node is the end.
   */
  static String flow(int f, int nodes) {
    var y = new StringBuilder(nodes * 220);
    y.append("flow: gen-").append(f).append("\ntitle: Generated ").append(f)
        .append("\nlanguages: [en, fr]\nstart: n0\ntriggers: {ussd: [\"*384*").append(100 + f)
        .append("#\"], keywords: [GEN").append(f).append("]}\nnodes:\n");
    int last = nodes - 1;
    for (int i = 0; i < last; i++) {
      String next = "n" + (i + 1);
      String skip = "n" + Math.min(i + 2, last);
      y.append("  n").append(i).append(":\n");
      switch (i % 3) {
        case 0 -> y.append("    menu:\n")
            .append("      text: {en: \"Question ").append(i).append(" for {{contact.district | fallback \\\"you\\\"}}\", ")
            .append("fr: \"Question ").append(i).append(" pour vous\"}\n")
            .append("      save: m").append(i).append('\n')
            .append("      options:\n")
            .append("        - {label: {en: \"Yes\", fr: \"Oui\"}, value: \"yes\", goto: ").append(next).append("}\n")
            .append("        - {label: {en: \"No\", fr: \"Non\"}, value: \"no\", goto: ").append(skip).append("}\n")
            .append("        - {label: {en: \"Nurse\", fr: \"Infirmière\"}, when: 'contact.district == \"Kibera\"', goto: ")
            .append(skip).append("}\n");
        case 1 -> y.append("    ask:\n")
            .append("      text: {en: \"How many, {{answers.m").append(i - 1).append("}}?\", fr: \"Combien ?\"}\n")
            .append("      expect: {number: {min: 0, max: 100}}\n")
            .append("      invalid: {en: \"A number from 0 to 100\", fr: \"Un nombre de 0 à 100\"}\n")
            .append("      save: a").append(i).append('\n')
            .append("      next: ").append(next).append('\n');
        default -> y.append("    route:\n")
            .append("      - when: answers.a").append(i - 1).append(" > 10 && answers.m").append(i - 2)
            .append(" == \"yes\" && session.channel == \"ussd\"\n")
            .append("        goto: ").append(next).append('\n')
            .append("      - else: ").append(skip).append('\n');
      }
    }
    y.append("  n").append(last).append(":\n    end: {text: {en: \"Thank you\", fr: \"Merci\"}}\n");
    return y.toString();
  }
}
