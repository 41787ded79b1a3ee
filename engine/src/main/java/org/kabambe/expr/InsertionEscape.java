package org.kabambe.expr;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How an inserted value is written where it lands in a webhook request, so that what a participant typed stays a
 * value and cannot rewrite the text around it (a path, a query, a JSON document, a form, a header). An insertion
 * filtered with {@code raw} is written as it is: the author vouches for it.
 */
public enum InsertionEscape {
  /** Message texts: written as they read. */
  NONE,
  /** One URL path segment: everything but unreserved characters percent-encoded, and "." / ".." too. */
  URL_PATH,
  /** A URL query or fragment component: everything but unreserved characters percent-encoded. */
  URL_QUERY,
  /** Inside a JSON string literal: quotes, backslashes and control characters escaped. */
  JSON_STRING,
  /** A JSON value outside quotes: numbers and yes/no as JSON numbers and booleans, text as a JSON string. */
  JSON_VALUE,
  /** An application/x-www-form-urlencoded name or value. */
  FORM,
  /** An HTTP header value: line breaks and other control characters become spaces. */
  HEADER;

  /** Writes {@code value} (null when unset) for this place. */
  String write(Object value) {
    if (this == JSON_VALUE) return jsonValue(value);
    String text = value == null ? "" : ValueText.of(value);
    return switch (this) {
      case NONE -> text;
      case URL_PATH -> text.equals(".") ? "%2E" : text.equals("..") ? "%2E%2E" : percentEncoded(text);
      case URL_QUERY -> percentEncoded(text);
      case JSON_STRING -> jsonEscaped(text);
      case FORM -> URLEncoder.encode(text, StandardCharsets.UTF_8);
      case HEADER -> headerSafe(text);
      case JSON_VALUE -> throw new AssertionError("handled above");
    };
  }

  private static String jsonValue(Object value) {
    if (value == null) return "null";
    if (value instanceof Boolean b) return b.toString();
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) return ValueText.of(value);
    return '"' + jsonEscaped(ValueText.of(value)) + '"';
  }

  /** RFC 3986 percent-encoding of UTF-8 bytes, keeping only ALPHA / DIGIT / "-" / "." / "_" / "~". */
  static String percentEncoded(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  static String jsonEscaped(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          // U+2028/2029 too: valid JSON, but they end a line for JavaScript readers of the body.
          if (c < 0x20 || c == '\u2028' || c == '\u2029') sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  private static String headerSafe(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }
}
