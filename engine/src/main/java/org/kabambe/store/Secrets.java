package org.kabambe.store;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;

/** Deployment secrets kept in the database, generated on first use (e.g. the key of export pseudonyms). */
public final class Secrets {
  private final Database database;

  public Secrets(Database database) {
    this.database = database;
  }

  /** The secret called {@code name}: 32 random bytes as hex, created the first time it is asked for. */
  public String getOrCreate(String name) {
    try (var c = database.connection()) {
      try (var read = c.prepareStatement("SELECT secret FROM secrets WHERE name = ?")) {
        read.setString(1, name);
        try (var rs = read.executeQuery()) {
          if (rs.next()) return rs.getString(1);
        }
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = HexFormat.of().formatHex(bytes);
      try (var insert = c.prepareStatement("INSERT INTO secrets (name, secret) VALUES (?, ?)")) {
        insert.setString(1, name);
        insert.setString(2, secret);
        insert.executeUpdate();
      }
      return secret;
    } catch (SQLException e) {
      throw new StoreException("cannot read the secret '" + name + "' in " + database.location() + ": "
          + e.getMessage(), e);
    }
  }
}
