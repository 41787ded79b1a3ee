package org.kabambe.contact;

/** What an import did: new contacts, known contacts updated, rows rejected (each reported with its line). */
public record ImportSummary(long imported, long updated, long rejected) {
  @Override
  public String toString() {
    return imported + " imported, " + updated + " updated, " + rejected + " rejected";
  }
}
