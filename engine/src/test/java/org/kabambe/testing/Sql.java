package org.kabambe.testing;

import org.kabambe.store.Database;

/** One-number queries tests use to look at what a server wrote. */
public final class Sql {
  private Sql() {}

  /** The first column of the first row, as a number (e.g. a COUNT(*)). */
  public static long count(Database db, String sql) {
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
