package org.kabambe.expr;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How a value reads inside a message: 12.0 as "12", dates as 2024-05-31, {@code now} as its UTC day, yes/no as
 * "yes"/"no", lists joined with ", ".
 */
final class ValueText {
  private ValueText() {}

  static String of(Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Double d) return number(d);
    if (v instanceof Float f) return number(f.doubleValue());
    if (v instanceof Boolean b) return b ? "yes" : "no";
    if (v instanceof LocalDate d) return d.toString();
    if (v instanceof Instant i) return LocalDate.ofInstant(i, ZoneOffset.UTC).toString();
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder();
      for (Object item : list) {
        if (sb.length() > 0) sb.append(", ");
        sb.append(of(item));
      }
      return sb.toString();
    }
    return String.valueOf(v);
  }

  private static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
    // BigDecimal.valueOf keeps the shortest decimal form (0.1, not 0.1000000000000000055...) and no exponent.
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
