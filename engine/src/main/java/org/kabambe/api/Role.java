package org.kabambe.api;

import java.util.Locale;

/** What an API token may do; each role includes the ones before it. */
public enum Role {
  /** Reads figures, live counts and pseudonymised contacts. */
  VIEWER,
  /** Also reads flows, their load findings and their graphs. */
  AUTHOR,
  /** Also exports results and changes things (tokens; later flows and contacts). */
  ADMIN;

  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("role must be viewer, author or admin (got '" + s + "')");
    }
  }
}
