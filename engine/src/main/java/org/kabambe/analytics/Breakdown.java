package org.kabambe.analytics;

import java.util.Locale;

/** What answer distributions can be split by. */
public enum Breakdown {
  NONE("''"), LANGUAGE("language"), CHANNEL("channel"), ARM("arm");

  final String column;

  Breakdown(String column) {
    this.column = column;
  }

  /** Parses {@code language}, {@code channel}, {@code arm} or an empty string. */
  public static Breakdown parse(String s) {
    if (s.isEmpty() || s.equals("none")) return NONE;
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("by must be one of language, channel, arm (got '" + s + "')");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
