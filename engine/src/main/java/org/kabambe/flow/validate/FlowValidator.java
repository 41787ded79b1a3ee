package org.kabambe.flow.validate;

import java.util.List;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Flow;
import org.kabambe.flow.settings.NavigationWords;

/**
 * Checks one loaded flow for the mistakes a parser cannot see: broken or dead links, dead ends and endless
 * loops, missing translations, screens and SMS that are too long, and inconsistent settings.
 */
public final class FlowValidator {
  private static final List<FlowCheck> CHECKS = List.of(
      new ReferenceCheck(),
      new InputFreeLoopCheck(),
      new ReachabilityCheck(),
      new TranslationCheck(),
      new UssdFitCheck(),
      new SmsCostCheck(),
      new NodeRulesCheck(),
      new SaveTypeCheck());

  private FlowValidator() {}

  /** As {@link #validate(Flow, NavigationWords, Diagnostics)} with the engine's own navigation words. */
  public static void validate(Flow flow, Diagnostics out) {
    validate(flow, NavigationWords.DEFAULTS, out);
  }

  /**
   * Adds every finding about {@code flow} to {@code out}, each at the position of the thing at fault; USSD
   * screens are measured with the programme's {@code navigation} words, as participants see them.
   */
  public static void validate(Flow flow, NavigationWords navigation, Diagnostics out) {
    var graph = new FlowGraph(flow, navigation);
    for (var check : CHECKS) check.check(graph, out);
  }
}
