package org.kabambe.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides, once at load time, where each insertion of a webhook's URL, body and headers lands, from the literal
 * text before it: a URL's path or query, inside or outside a JSON string, a form, a header.
 */
public final class InsertionSites {
  private InsertionSites() {}

  /** The URL: before '?' an insertion is a path segment, after it a query (or fragment) component. */
  public static Template url(Template url) {
    return url.escaped(prefixes -> {
      List<InsertionEscape> out = new ArrayList<>();
      for (String before : prefixes) {
        out.add(before.indexOf('?') >= 0 || before.indexOf('#') >= 0 ? InsertionEscape.URL_QUERY
            : InsertionEscape.URL_PATH);
      }
      return out;
    });
  }

  /** A header value. */
  public static Template header(Template value) {
    return value.escaped(prefixes -> prefixes.stream().map(p -> InsertionEscape.HEADER).toList());
  }

  /**
   * A request body: JSON when the Content-Type says so or, without one, when it starts with '{' or '['; a form
   * when the Content-Type is application/x-www-form-urlencoded; otherwise plain text, written as it is.
   */
  public static Template body(Template body, Map<String, ?> headers) {
    String type = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(e -> e.getValue().toString().toLowerCase(Locale.ROOT)).findFirst().orElse("");
    String start = body.raw().stripLeading();
    if (type.contains("json") || (type.isEmpty() && (start.startsWith("{") || start.startsWith("[")))) {
      return body.escaped(InsertionSites::json);
    }
    if (type.contains("x-www-form-urlencoded")) {
      return body.escaped(prefixes -> prefixes.stream().map(p -> InsertionEscape.FORM).toList());
    }
    return body;
  }

  /** Inside a JSON string literal or outside one, by scanning the literal text before each insertion. */
  private static List<InsertionEscape> json(List<String> prefixes) {
    List<InsertionEscape> out = new ArrayList<>();
    for (String before : prefixes) {
      boolean inString = false;
      for (int i = 0; i < before.length(); i++) {
        char c = before.charAt(i);
        if (inString && c == '\\') i++;
        else if (c == '"') inString = !inString;
      }
      out.add(inString ? InsertionEscape.JSON_STRING : InsertionEscape.JSON_VALUE);
    }
    return out;
  }
}
