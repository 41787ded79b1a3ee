package org.kabambe.diag;

import java.util.Locale;

/** How bad a finding is: errors stop a flow from loading, warnings do not. */
public enum Severity {
  ERROR, WARNING;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
