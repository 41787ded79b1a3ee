package org.kabambe.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.connectors.duration.DurationText;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Admin API tokens: created with a role and an optional expiry, shown once, stored as their SHA-256 (a token is 256
 * random bits, so a plain hash is enough: there is nothing to brute-force). Blocking JDBC: use on a worker thread.
 */
public final class ApiTokens {
  private static final String PREFIX = "kbm_";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How stale a token's {@code last_used_at} may be. */
  static final Duration USE_STAMP = Duration.ofMinutes(1);

  private final Database database;
  private final Clock clock;

  public ApiTokens(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A new token as shown to its owner, with its id. */
  public record Created(long id, String token, Role role, String name, Optional<Instant> expires) {}

  /** Creates a token and audits it under {@code actor}; the token itself is returned once and never stored. */
  public Created create(Role role, String name, Optional<Duration> validFor, String actor) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return adopt(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), role, name, validFor, actor);
  }

  /** The fewest characters of a token made elsewhere ({@link #adopt}): as hard to guess as a random 192-bit one. */
  public static final int MIN_ADOPTED_LENGTH = 32;

  /**
   * Stores a token made elsewhere (a token file kept across in-memory servers), as {@link #create} stores its own;
   * the caller checks first that it is not stored already.
   */
  public Created adopt(String token, Role role, String name, Optional<Duration> validFor, String actor) {
    if (token.length() < MIN_ADOPTED_LENGTH || !token.chars().allMatch(ch -> ch > ' ' && ch < 127)) {
      throw new IllegalArgumentException("a token must be at least " + MIN_ADOPTED_LENGTH + " printable ASCII "
          + "characters without spaces");
    }
    Instant now = clock.instant();
    Optional<Instant> expires = validFor.map(now::plus);
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      long id;
      try (var s = c.prepareStatement("INSERT INTO api_tokens (token_hash, role, name, created_at, expires_at)"
          + " VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
        s.setString(1, hash(token));
        s.setString(2, role.label());
        s.setString(3, name);
        s.setObject(4, SqlTimes.of(now));
        if (expires.isPresent()) {
          s.setObject(5, SqlTimes.of(expires.get()));
        } else {
          s.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        s.executeUpdate();
        try (var keys = s.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      Audit.record(c, now, actor, "token.create", "token " + id, "role " + role.label() + ", name " + name
          + expires.map(e -> ", expires " + e).orElse(""));
      c.commit();
      return new Created(id, token, role, name, expires);
    } catch (SQLException e) {
      throw new StoreException("cannot create a token in " + database.location() + ": " + e.getMessage(), e);
    }
  }

  /** Revokes a token; false when there is no such token. */
  public boolean revoke(long id, String actor) {
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      int n;
      try (var s = c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        s.setObject(1, SqlTimes.of(clock.instant()));
        s.setLong(2, id);
        n = s.executeUpdate();
      }
      if (n > 0) Audit.record(c, clock.instant(), actor, "token.revoke", "token " + id, "");
      c.commit();
      return n > 0;
    } catch (SQLException e) {
      throw new StoreException("cannot revoke token " + id + ": " + e.getMessage(), e);
    }
  }

  /** A token as {@code kabambe token list} shows it: everything but the secret (which is not stored anyway). */
  public record Listed(long id, String name, Role role, Instant created, Optional<Instant> expires,
                       Optional<Instant> lastUsed, Optional<Instant> revoked) {}

  /** Every token, oldest first, revoked ones included. */
  public List<Listed> list() {
    try (var c = database.connection(); var s = c.prepareStatement("SELECT id, name, role, created_at, expires_at,"
        + " last_used_at, revoked_at FROM api_tokens ORDER BY id"); var rs = s.executeQuery()) {
      List<Listed> tokens = new ArrayList<>();
      while (rs.next()) {
        tokens.add(new Listed(rs.getLong(1), rs.getString(2), Role.parse(rs.getString(3)), instant(rs, 4).orElseThrow(),
            instant(rs, 5), instant(rs, 6), instant(rs, 7)));
      }
      return tokens;
    } catch (SQLException e) {
      throw new StoreException("cannot list the tokens of " + database.location() + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }

  /** Checks an {@code Authorization} header value against the role a route needs. */
  public TokenCheck check(Optional<String> authorization, Role needed) {
    if (authorization.isEmpty() || authorization.get().isBlank()) {
      return TokenCheck.refused(401, "missing_token", "send an API token: Authorization: Bearer <token> "
          + "(create one with: kabambe token create --role " + needed.label() + ")");
    }
    String header = authorization.get().strip();
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return TokenCheck.refused(401, "malformed_authorization", "the Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(7).strip();
    try (var c = database.connection(); var s = c.prepareStatement(
        "SELECT id, role, name, expires_at, revoked_at FROM api_tokens WHERE token_hash = ?")) {
      s.setString(1, hash(token));
      try (var rs = s.executeQuery()) {
        if (!rs.next()) return TokenCheck.refused(401, "unknown_token", "this token is not valid for this server");
        if (rs.getObject(5) != null) return TokenCheck.refused(401, "revoked_token", "this token has been revoked");
        OffsetDateTime expires = rs.getObject(4, OffsetDateTime.class);
        if (expires != null && !expires.toInstant().isAfter(clock.instant())) {
          return TokenCheck.refused(401, "expired_token", "this token expired at " + expires.toInstant());
        }
        var caller = new Caller(rs.getLong(1), rs.getString(3), Role.parse(rs.getString(2)));
        if (!caller.role().allows(needed)) {
          return TokenCheck.refused(403, "insufficient_role", "this needs a " + needed.label() + " token; token '"
              + caller.name() + "' is a " + caller.role().label() + " token");
        }
        recordUse(c, caller.tokenId());
        return TokenCheck.ok(caller);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot check a token: " + e.getMessage(), e);
    }
  }

  /** Stamps the token's last use, at most once a minute: most checks find it recent and write nothing. */
  private void recordUse(Connection c, long id) throws SQLException {
    Instant now = clock.instant();
    try (var s = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"
        + " AND (last_used_at IS NULL OR last_used_at < ?)")) {
      s.setObject(1, SqlTimes.of(now));
      s.setLong(2, id);
      s.setObject(3, SqlTimes.of(now.minus(USE_STAMP)));
      s.executeUpdate();
    }
  }

  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Parses "90d", "12h", "30m" (or an ISO-8601 duration such as PT12H). */
  public static Duration parseValidity(String s) {
    String t = s.strip();
    try {
      // ISO-8601 (P90D, PT12H) as well, for scripts that compute it; otherwise the same forms as everywhere else.
      if (t.startsWith("p") || t.startsWith("P")) return Duration.parse(t.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw invalidValidity(s);
    }
    return DurationText.parse(t.toLowerCase(Locale.ROOT)).filter(d -> !d.isZero() && !d.isNegative())
        .orElseThrow(() -> invalidValidity(s));
  }

  private static IllegalArgumentException invalidValidity(String s) {
    return new IllegalArgumentException("expiry must look like 90d, 12h or 30m (got '" + s + "')");
  }
}
