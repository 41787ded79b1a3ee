package org.kabambe.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * The one pseudonym function of a deployment, used by every export (results, contacts) and the admin API, so that
 * their files join on the participant column: HMAC-SHA256 of a phone number (or of a contact field marked pii)
 * under the deployment secret, so the same number always maps to the same pseudonym within a deployment but cannot
 * be reversed or recomputed without the secret (a plain hash of a phone number can: the number space is small).
 * Thread-safe.
 *
 * <p>The secret comes from the environment variable {@code KABAMBE_SECRET} when set, otherwise from the database
 * (generated once, 32 random bytes, stored in {@code deployment_settings}). Changing the secret changes every
 * pseudonym.
 */
public final class Pseudonyms {
  /** The environment variable that, when set, holds the deployment secret. */
  public static final String SECRET_VARIABLE = "KABAMBE_SECRET";
  static final String SETTING = "pseudonym_secret";
  /** 20 hex digits (80 bits): collisions are negligible for tens of millions of numbers. */
  private static final int HEX_DIGITS = 20;

  private final SecretKeySpec key;

  private Pseudonyms(byte[] secret) {
    if (secret.length < 16) throw new IllegalArgumentException("the pseudonym secret must have at least 16 bytes");
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** Pseudonyms under an explicit secret (tests, tools). */
  public static Pseudonyms withSecret(String secret) {
    return new Pseudonyms(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The deployment's pseudonyms: {@code KABAMBE_SECRET} if set, else the secret stored in (or created in) the DB. */
  public static Pseudonyms of(Database database) {
    return of(database, System.getenv());
  }

  static Pseudonyms of(Database database, Map<String, String> environment) {
    String fromEnv = environment.getOrDefault(SECRET_VARIABLE, "");
    if (!fromEnv.isBlank()) return withSecret(fromEnv);
    return new Pseudonyms(HexFormat.of().parseHex(storedSecret(database)));
  }

  /** The pseudonym of a number (or a pii field), e.g. {@code p_3f9a0c...}: stable for a deployment, not reversible. */
  public String of(String phone) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(phone.getBytes(StandardCharsets.UTF_8));
      return "p_" + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  private static String storedSecret(Database database) {
    try (var connection = database.connection()) {
      Optional<String> existing = read(connection);
      if (existing.isPresent()) return existing.get();
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try (var insert = connection.prepareStatement("INSERT INTO deployment_settings (name, setting) VALUES (?, ?)")) {
        insert.setString(1, SETTING);
        insert.setString(2, HexFormat.of().formatHex(fresh));
        insert.executeUpdate();
      } catch (SQLException raced) {
        // Another process created it between our read and insert: theirs wins.
      }
      return read(connection).orElseThrow(() -> new StoreException("cannot store the pseudonym secret"));
    } catch (SQLException e) {
      throw new StoreException("cannot read the pseudonym secret from " + database.location() + ": " + e.getMessage(),
          e);
    }
  }

  private static Optional<String> read(Connection connection) throws SQLException {
    try (var select = connection.prepareStatement("SELECT setting FROM deployment_settings WHERE name = ?")) {
      select.setString(1, SETTING);
      try (var rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
