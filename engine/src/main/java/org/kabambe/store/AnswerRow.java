package org.kabambe.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One flow result: a valid answer at a node, with its text form (always) and its number (when it is one),
 * so results export and per-answer counts need no decoding.
 */
public record AnswerRow(String sessionId, String phone, String channel, String flowId, String flowHash,
                        String nodeId, String name, String valueText, OptionalDouble valueNumber, Instant at) {
  public AnswerRow {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(flowHash, "flowHash");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueText, "valueText");
    Objects.requireNonNull(valueNumber, "valueNumber");
    Objects.requireNonNull(at, "at");
  }

  /** An answer row for a conversation value (text, number, boolean, date, or list of choices). */
  public static AnswerRow of(String sessionId, String phone, String channel, String flowId, String flowHash,
                             String nodeId, String name, Object value, Instant at) {
    return new AnswerRow(sessionId, phone, channel, flowId, flowHash, nodeId, name, text(value), number(value), at);
  }

  static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue()); // "12", not "12.0", in exports
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  static OptionalDouble number(Object value) {
    return value instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
  }
}
