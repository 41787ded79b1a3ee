package org.kabambe.flow.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.flow.validate.FlowBuilder.flow;
import static org.kabambe.flow.validate.FlowBuilder.tr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Flow;

/**
 * A programme of 100 flows of 50 nodes each, chained by calls, with menus looping back, routes, says and SMS in two
 * languages, validates without a finding. How fast it loads is CatalogLoadBench's job (scripts/bench-engine), not a
 * test's: a timing assertion fails on a busy machine and passes on a slow change.
 */
class LargeProgrammeValidationTest {
  @Test
  void aHundredChainedFlowsOfFiftyNodesValidateWithoutAFinding() {
    Map<String, Flow> flows = new LinkedHashMap<>();
    for (int f = 0; f < 100; f++) flows.put("flow-" + f, fiftyNodes("flow-" + f, f));
    var out = new Diagnostics();
    flows.values().forEach(flow -> FlowValidator.validate(flow, out));
    CatalogValidator.validate(flows, out);
    assertTrue(out.isEmpty(), () -> Findings.lines(out.sorted()));
  }

  /** A chain of menus, routes, says and do nodes (menus also loop back to the start), calling the next flow. */
  private static Flow fiftyNodes(String id, int n) {
    var b = flow(id).languages("en", "fr").ussd("*384*" + n + "#").keywords("KW" + n);
    for (int k = 0; k < 48; k += 4) {
      int i = k;
      String next = "n" + (i + 4);
      b.menu("n" + i, tr("en", "Question " + i, "fr", "Question " + i), m -> m
          .option(tr("en", "Yes", "fr", "Oui"), "n" + (i + 1))
          .option(tr("en", "Again", "fr", "Encore"), "n0"));
      b.route("n" + (i + 1), "n" + (i + 2), "answers.x == 'y'", "n" + (i + 3));
      b.say("n" + (i + 2), tr("en", "Noted", "fr", "Noté"), "n" + (i + 3));
      b.doNode("n" + (i + 3), next, d -> d.sms(tr("en", "Thanks", "fr", "Merci")));
    }
    if (n < 99) b.call("n48", "flow-" + (n + 1), "n49");
    else b.say("n48", "Last", "n49");
    b.end("n49", tr("en", "Bye", "fr", "Au revoir"));
    return b.build();
  }
}
