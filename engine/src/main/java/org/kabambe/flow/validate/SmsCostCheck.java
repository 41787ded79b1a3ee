package org.kabambe.flow.validate;

import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.diag.Diagnostics;

/**
 * Each {@code sms:} text, per language, must not cost more segments than the flow's {@code sms_segments}: every
 * segment is billed. Texts within the limit are not reported.
 */
final class SmsCostCheck implements FlowCheck {
  public void check(FlowGraph graph, Diagnostics out) {
    var flow = graph.flow;
    int limit = flow.smsSegmentLimit();
    for (var d : FlowTexts.smsTexts(flow)) {
      for (var v : FlowTexts.versions(d.text(), flow)) {
        String raw = v.template().raw();
        var cost = SmsEncoding.cost(raw);
        if (cost.segments() <= limit) continue;
        String encoding = cost.encoding() == Encoding.GSM7 ? "GSM-7"
            : UssdScreenMeasure.firstNonGsm7(raw).map(c -> "UCS-2 because of '" + c + "'").orElse("UCS-2");
        out.warning(d.text().pos(), d.what() + " costs " + cost.segments() + " SMS segments " + v.inLanguage()
            + " (" + encoding + ", " + cost.units() + " characters); the limit is " + limit
            + ": shorten it or raise sms_segments");
      }
    }
  }
}
