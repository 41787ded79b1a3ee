package org.kabambe.diag;

/** How bad a finding is: errors stop a flow from loading, warnings do not. */
public enum Severity {
  ERROR, WARNING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
