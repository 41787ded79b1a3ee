package org.kabambe.flow;

import java.util.List;
import org.kabambe.diag.Located;

/** How participants reach a flow: USSD service codes and SMS keywords. */
public record Triggers(List<Located<String>> ussd, List<Located<String>> keywords) {
  public static final Triggers NONE = new Triggers(List.of(), List.of());

  public Triggers {
    ussd = List.copyOf(ussd);
    keywords = List.copyOf(keywords);
  }
}
