package org.kabambe.store;

import java.util.List;

/** The few SQL differences between the databases Kabambe runs on; everything else is portable SQL. */
public enum Dialect {
  H2, POSTGRESQL;

  /** The dialect for a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new StoreException("unsupported database URL " + jdbcUrl + ": use an H2 file path, mem:, or PostgreSQL");
  }

  /**
   * An insert-or-replace of one row identified by {@code keys}, with one {@code ?} per column in the order
   * keys then {@code others}.
   */
  public String upsert(String table, List<String> keys, List<String> others) {
    var columns = new java.util.ArrayList<>(keys);
    columns.addAll(others);
    String columnList = String.join(", ", columns);
    String params = String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
    return switch (this) {
      case H2 -> "MERGE INTO " + table + " (" + columnList + ") KEY (" + String.join(", ", keys) + ") VALUES ("
          + params + ")";
      case POSTGRESQL -> "INSERT INTO " + table + " (" + columnList + ") VALUES (" + params + ") ON CONFLICT ("
          + String.join(", ", keys) + ") DO UPDATE SET "
          + String.join(", ", others.stream().map(c -> c + " = EXCLUDED." + c).toList());
    };
  }
}
