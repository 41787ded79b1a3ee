package org.kabambe.analytics;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.expect.ChoiceExpect;
import org.kabambe.flow.expect.YesNoExpect;

/**
 * The questions a flow's cross-tabs can pair: those whose answers are categories (menus, and asks expecting a
 * choice or yes/no), saved under their name. Free text, numbers, dates and phone numbers are left out: their
 * values are unbounded, and a table of every pair of them per day would grow with the answers instead of the flow.
 */
public final class CrossTabQuestions {
  /** No questions paired (a rollup that does not know the flows). */
  public static final Function<String, Set<String>> NONE = flowId -> Set.of();

  private CrossTabQuestions() {}

  /** Per flow id, the paired questions of its current version ({@code current}), worked out once a version. */
  public static Function<String, Set<String>> ofCurrent(Function<String, Optional<Flow>> current) {
    var byVersion = new ConcurrentHashMap<String, Set<String>>();
    return flowId -> current.apply(flowId).map(f -> byVersion.computeIfAbsent(f.id() + "@" + f.contentHash(),
        k -> of(f))).orElse(Set.of());
  }

  public static Set<String> of(Flow flow) {
    var out = new LinkedHashSet<String>();
    for (Node node : flow.nodes().values()) {
      if (node instanceof Node.Menu m) out.add(m.save().orElse(m.id()));
      if (node instanceof Node.Ask a && (a.expect() instanceof ChoiceExpect || a.expect() instanceof YesNoExpect)) {
        out.add(a.save().orElse(a.id()));
      }
    }
    return out;
  }
}
