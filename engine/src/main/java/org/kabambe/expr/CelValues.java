package org.kabambe.expr;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts values between the flow's Java forms ({@link ValueType}) and CEL's. Dates are timestamps at 00:00 UTC
 * inside CEL; a timestamp result typed DATE comes back as the LocalDate of its UTC day.
 */
final class CelValues {
  private CelValues() {}

  /** The CEL form of a flow value of declared type {@code type}. */
  static Object toCel(Object v, ValueType type) {
    if (v instanceof LocalDate d) return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float f) return f.doubleValue();
    // Only untyped values (e.g. a webhook's JSON) can hide convertible values inside maps and lists.
    if (type == ValueType.DYN && v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, toCel(x, ValueType.DYN)));
      return out;
    }
    if (type == ValueType.DYN && v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(toCel(x, ValueType.DYN)));
      return out;
    }
    return v;
  }

  /** The flow form of a CEL result whose checked (or expected) type is {@code type}. */
  static Object fromCel(Object v, ValueType type) {
    if (v instanceof Timestamp ts) v = Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    if (v instanceof Instant i && type == ValueType.DATE) return LocalDate.ofInstant(i, ZoneOffset.UTC);
    if (type == ValueType.NUMBER && v instanceof Long l) return l.doubleValue();
    return v;
  }
}
