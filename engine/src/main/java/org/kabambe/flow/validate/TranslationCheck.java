package org.kabambe.flow.validate;

import java.util.List;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.Text;

/**
 * A text written per language must have every language of the flow: an error, or a warning when the flow has
 * {@code translation_fallback: true} (participants then see the default language).
 */
final class TranslationCheck implements FlowCheck {
  public void check(FlowGraph graph, Diagnostics out) {
    var flow = graph.flow;
    for (var d : FlowTexts.all(flow)) {
      Text text = d.text();
      if (text.isUniversal()) continue;
      List<String> missing = flow.languages().stream().filter(l -> !text.byLanguage().containsKey(l)).toList();
      if (missing.isEmpty()) continue;
      String languages = String.join(", ", missing);
      String message = d.what() + " has no " + languages + " translation (the flow's languages are "
          + String.join(", ", flow.languages()) + "): add " + String.join(", ", missing.stream()
              .map(l -> l + ": \"...\"").toList());
      if (flow.translationFallback()) {
        out.warning(text.pos(), message + "; until then participants see the " + flow.defaultLanguage() + " text");
      } else {
        out.error(text.pos(), message + ", or set translation_fallback: true to show the "
            + flow.defaultLanguage() + " text instead");
      }
    }
  }
}
