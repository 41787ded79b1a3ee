package org.kabambe.cli;

import java.sql.SQLException;
import java.util.function.Function;
import org.kabambe.store.Database;
import org.kabambe.store.DatabaseInUseException;
import org.kabambe.store.StoreException;

/**
 * How a command opens the database of a stopped server (H2 is one process: a running server holds the file), and
 * the one way each failure is told: no stack trace, exit 1.
 */
final class CliDatabase {
  private CliDatabase() {}

  /** For commands that set a database up (contacts import, seed, token create): created when missing. */
  static Database open(String command, String db) {
    return opening(command, db, Database::open);
  }

  /**
   * For commands that read or change what a server recorded (exports, lists, broadcasts, revokes): a missing
   * database is an error, never an empty one created on the spot.
   */
  static Database openExisting(String command, String db) {
    return opening(command, db, Database::openExisting);
  }

  /** As {@link #open(String, String)}, with a PostgreSQL pool of {@code poolSize} (a command needs few). */
  static Database open(String command, String db, int poolSize) {
    return opening(command, db, location -> Database.open(location, poolSize));
  }

  /** As {@link #openExisting(String, String)}, with a PostgreSQL pool of {@code poolSize}. */
  static Database openExisting(String command, String db, int poolSize) {
    return opening(command, db, location -> Database.openExisting(location, poolSize));
  }

  private static Database opening(String command, String db, Function<String, Database> how) {
    try {
      return how.apply(db);
    } catch (DatabaseInUseException e) {
      throw new CliException(inUse(command, db));
    } catch (StoreException e) {
      throw new CliException(command + ": " + e.getMessage());
    }
  }

  static String inUse(String command, String db) {
    return command + ": the database " + db + " is in use by a running server; stop it first or use the admin API";
  }

  /** Rows in {@code table}, for a command's summary of what a database holds. */
  static long rows(String command, Database database, String table) {
    try (var c = database.connection(); var st = c.createStatement();
         var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new CliException(command + ": cannot count the " + table + " of " + database.location() + ": "
          + e.getMessage());
    }
  }
}
