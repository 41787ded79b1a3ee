package org.kabambe.store;

import java.util.ArrayList;
import java.util.Collections;
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
    var columns = new ArrayList<>(keys);
    columns.addAll(others);
    String columnList = String.join(", ", columns);
    String params = String.join(", ", Collections.nCopies(columns.size(), "?"));
    return switch (this) {
      case H2 -> "MERGE INTO " + table + " (" + columnList + ") KEY (" + String.join(", ", keys) + ") VALUES ("
          + params + ")";
      case POSTGRESQL -> "INSERT INTO " + table + " (" + columnList + ") VALUES (" + params + ") ON CONFLICT ("
          + String.join(", ", keys) + ") DO UPDATE SET "
          + String.join(", ", others.stream().map(c -> c + " = EXCLUDED." + c).toList());
    };
  }

  /**
   * An insert of one row unless a row with the same {@code keys} exists, one {@code ?} per column (keys then
   * {@code others}) and, on H2, the keys again. Its update count says which happened (1 or 0): it is an
   * INSERT ... SELECT, which PostgreSQL's driver does not rewrite into a multi-row INSERT (reWriteBatchedInserts
   * would report SUCCESS_NO_INFO). PostgreSQL's ON CONFLICT DO NOTHING waits for another writer's uncommitted row
   * instead of failing; H2 has one writer (its file lock), so NOT EXISTS is enough there.
   */
  public String insertIfAbsent(String table, List<String> keys, List<String> others) {
    var columns = new ArrayList<>(keys);
    columns.addAll(others);
    String params = String.join(", ", Collections.nCopies(columns.size(), "?"));
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + params;
    return switch (this) {
      case H2 -> insert + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE "
          + String.join(" AND ", keys.stream().map(k -> k + " = ?").toList()) + ")";
      case POSTGRESQL -> insert + " ON CONFLICT (" + String.join(", ", keys) + ") DO NOTHING";
    };
  }

  /** Whether {@link #insertIfAbsent} takes the keys a second time, after the columns (H2's NOT EXISTS). */
  public boolean insertIfAbsentRepeatsKeys() {
    return this == H2;
  }
}
