package org.kabambe.broadcast;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kabambe.catalog.Catalog;
import org.kabambe.contact.Contact;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Bindings;
import org.kabambe.expr.ExprCompiler;
import org.kabambe.expr.Expression;
import org.kabambe.expr.Scope;
import org.kabambe.expr.Template;
import org.kabambe.expr.ValueType;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * A broadcast ready to match and render contacts: its texts and condition compiled against the declared fields,
 * its engagement condition read, its sample cut fixed. Built once per broadcast run, then used for every contact.
 */
final class Audience {
  private static final SourcePos POS = new SourcePos("broadcast", 1, 1);

  final BroadcastSpec spec;
  final List<String> armNames;
  private final Map<String, Template> texts = new LinkedHashMap<>();
  private final Optional<Expression> where;
  private final Optional<Set<String>> completed;
  private double cut = 1.0;

  /** Compiles {@code spec}; throws IllegalArgumentException naming every problem. */
  Audience(BroadcastSpec spec, Catalog catalog, Database database) {
    this.spec = spec;
    ExprCompiler compiler = new ExprCompiler(new Scope(Map.of(), Map.of(), catalog.fields().scope()));
    Diagnostics d = new Diagnostics();
    for (String arm : spec.armNames()) {
      Template t = Template.parse(spec.arms().get(arm), POS, d);
      compiler.check(t, d);
      texts.put(arm, t);
    }
    armNames = spec.flow().isPresent() ? List.of("") : spec.armNames();
    spec.flow().ifPresent(f -> {
      if (!catalog.flows().isEmpty() && catalog.flow(f).isEmpty()) {
        throw new IllegalArgumentException("no flow '" + f + "'");
      }
    });
    where = spec.where().map(w -> new Expression(w, POS));
    where.ifPresent(e -> compiler.bind(e, ValueType.BOOL, d));
    if (d.hasErrors()) {
      throw new IllegalArgumentException(d.sorted().stream().filter(x -> x.isError()).map(x -> x.message())
          .reduce((a, b) -> a + "; " + b).orElse("invalid broadcast"));
    }
    completed = spec.completed().map(flow -> {
      if (catalog.flow(flow).isEmpty() && !catalog.flows().isEmpty()) {
        throw new IllegalArgumentException("completed: there is no flow '" + flow + "'");
      }
      return completedBy(database, flow);
    });
  }

  Audience withCut(double cut) {
    this.cut = cut;
    return this;
  }

  double cut() {
    return cut;
  }

  /** Whether the contact is in the segment (before sampling). Opted-out contacts never are. */
  boolean matches(Contact c, Instant now) {
    return !c.optedOut() && inSegment(c, now);
  }

  /** Whether the contact meets the broadcast's conditions, opted out or not (what the dry run counts as excluded). */
  boolean inSegment(Contact c, Instant now) {
    if (!spec.groups().isEmpty() && spec.groups().stream().noneMatch(c::inGroup)) return false;
    if (completed.isPresent() && !completed.get().contains(c.phone())) return false;
    if (spec.repliedWithin().isPresent() && c.lastSeen().filter(s -> !s.isBefore(now.minus(
        spec.repliedWithin().get()))).isEmpty()) {
      return false;
    }
    return where.isEmpty() || where.get().test(bindings(c, now));
  }

  /** Whether a matching contact is in the sample. */
  boolean sampled(Contact c) {
    return cut >= 1.0 || draw(spec.seed(), c.phone()) < cut;
  }

  String arm(Contact c) {
    if (armNames.size() == 1) return armNames.get(0);
    return armNames.get((int) (draw(spec.seed() + 0x9E3779B97F4A7C15L, c.phone()) * armNames.size()));
  }

  /** The text sent; for a flow broadcast, a stand-in naming the flow (its first screen is not known up front). */
  String render(Contact c, String arm, Instant now) {
    if (spec.flow().isPresent()) return "flow " + spec.flow().get();
    return texts.get(arm).render(bindings(c, now));
  }

  private static Bindings bindings(Contact c, Instant now) {
    return new Bindings(Map.of(), Map.of(), c.flowValues(c.language().orElse("en")), "sms", now, "");
  }

  /** The numbers that completed the flow, read once per run (memory: one entry per such number). */
  /** flow_runs (the rollup's, a second behind the events): its primary key starts with flow_id. */
  static final String COMPLETED_BY = "SELECT DISTINCT phone FROM flow_runs WHERE flow_id = ? AND status = 'completed'";

  private static Set<String> completedBy(Database database, String flow) {
    Set<String> out = new HashSet<>();
    try (Connection con = database.connection(); var s = con.prepareStatement(COMPLETED_BY)) {
      s.setString(1, flow);
      try (var rs = s.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read engagement: " + e.getMessage(), e);
    }
    return out;
  }

  /** A uniform draw in [0, 1) from the seed and the number: stable across runs and restarts. */
  static double draw(long seed, String phone) {
    long h = 0xcbf29ce484222325L;
    for (byte b : phone.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    long z = h + seed * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }
}
