package org.kabambe.ussd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A dialled USSD string split into the service code it starts with and the inputs it carries:
 * {@code *384*12*1*2#} is the service {@code *384*12#} with inputs "1" and "2". Gateways write codes with or
 * without the leading '*' and trailing '#'; all forms are read alike.
 */
public record DialString(String serviceCode, List<String> inputs) {
  public DialString {
    inputs = List.copyOf(inputs);
  }

  /** The known code that {@code dialled} starts with (the longest, so *384*12# wins over *384#), if any. */
  public static Optional<DialString> match(String dialled, Collection<String> knownCodes) {
    String d = bare(dialled);
    String best = null;
    for (String code : knownCodes) {
      String c = bare(code);
      if (c.isEmpty()) continue;
      boolean hit = d.equals(c) || d.startsWith(c + "*");
      if (hit && (best == null || c.length() > bare(best).length())) best = code;
    }
    if (best == null) return Optional.empty();
    String rest = d.substring(bare(best).length());
    List<String> inputs = new ArrayList<>();
    if (rest.startsWith("*")) {
      for (String part : rest.substring(1).split("\\*", -1)) inputs.add(part);
    }
    return Optional.of(new DialString(best, inputs));
  }

  /** The canonical form: a leading '*', no trailing '#', no spaces ("384*12" -> "*384*12"). */
  public static String bare(String code) {
    String c = code.strip().replace(" ", "");
    while (c.endsWith("#")) c = c.substring(0, c.length() - 1);
    if (!c.isEmpty() && !c.startsWith("*")) c = "*" + c;
    return c;
  }
}
