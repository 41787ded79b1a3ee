package org.kabambe.testing;

import java.nio.file.Path;
import org.kabambe.store.Database;

/**
 * The database a test runs on: H2 by default, PostgreSQL when the build's second test run asks for it
 * ({@code -Dkabambe.test.db=postgresql}: the engine pom runs every test tagged {@code database} again that way).
 * A test that should hold on both databases opens its database here, carries {@code @Tag("database")}, and
 * leaves H2-only matters (the file, its journal, its lock) to tests that name H2.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** True in the run against PostgreSQL. */
  public static boolean postgres() {
    return "postgresql".equalsIgnoreCase(System.getProperty("kabambe.test.db", "h2"));
  }

  /**
   * A fresh location for {@code --db} or {@link Database#open}: an H2 file in {@code dir}, or a new PostgreSQL
   * database (migrated) on the shared test server.
   */
  public static String location(Path dir) {
    return postgres() ? PostgresServer.shared().newDatabase() : dir.resolve("kabambe").toString();
  }

  /** A fresh in-memory H2 database, or a new PostgreSQL database on the shared test server. */
  public static String throwaway() {
    return postgres() ? PostgresServer.shared().newDatabase() : Database.IN_MEMORY;
  }

  /** Opens {@link #throwaway()}. */
  public static Database open() {
    return Database.open(throwaway());
  }

  /** Opens {@link #location(Path)}. */
  public static Database open(Path dir) {
    return Database.open(location(dir));
  }
}
