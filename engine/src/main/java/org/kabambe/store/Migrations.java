package org.kabambe.store;

/**
 * Where the schema's migrations are: {@code db/migration} holds the portable ones, {@code db/dialect/<db>} the
 * few a database needs in its own SQL (one version number each, written once per database). A dialect's file
 * keeps the exact text an existing deployment already applied, so Flyway's checksums still match.
 */
public final class Migrations {
  private Migrations() {}

  /** Flyway locations for {@code dialect}. */
  public static String[] locations(Dialect dialect) {
    return new String[] {"classpath:db/migration", "classpath:db/dialect/" + switch (dialect) {
      case H2 -> "h2";
      case POSTGRESQL -> "postgresql";
    }};
  }
}
