package org.kabambe.store;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A PostgreSQL location as given to {@code --db}: {@code jdbc:postgresql://host[:port]/db?user=…}. The password
 * (a {@code password=} parameter, else {@code KABAMBE_DB_PASSWORD}, else the file {@code KABAMBE_DB_PASSWORD_FILE}
 * names) is kept apart from the URL, so that what is shown — {@link #redacted()}, {@link #target()} — never holds it.
 */
final class PostgresUrl {
  static final String PREFIX = "jdbc:postgresql://";
  static final String PASSWORD_ENV = "KABAMBE_DB_PASSWORD";
  static final String PASSWORD_FILE_ENV = "KABAMBE_DB_PASSWORD_FILE";

  private final String jdbcUrl;
  private final String target;
  private final Optional<String> password;

  private PostgresUrl(String jdbcUrl, String target, Optional<String> password) {
    this.jdbcUrl = jdbcUrl;
    this.target = target;
    this.password = password;
  }

  /** Any URL without what may be a password in it (a password= parameter, user:password@): for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//…@");
  }

  static boolean matches(String location) {
    return location.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** Parses {@code location}; {@code env} looks up environment variables (System::getenv outside tests). */
  static PostgresUrl parse(String location, UnaryOperator<String> env) {
    String rest = location.substring(PREFIX.length());
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    int slash = path.indexOf('/');
    String hosts = slash < 0 ? path : path.substring(0, slash);
    String db = slash < 0 ? "" : path.substring(slash + 1);
    if (hosts.contains("@")) {
      throw new StoreException("--db " + PREFIX + "…@" + hosts.substring(hosts.lastIndexOf('@') + 1) + "/" + db
          + ": put the user in the URL as ?user=NAME (the password in " + PASSWORD_ENV + " or " + PASSWORD_FILE_ENV
          + "), not before the host");
    }
    List<String> kept = new ArrayList<>();
    String urlPassword = null;
    if (q >= 0) {
      for (String p : rest.substring(q + 1).split("&")) {
        if (p.toLowerCase(Locale.ROOT).startsWith("password=")) {
          urlPassword = URLDecoder.decode(p.substring("password=".length()),
              StandardCharsets.UTF_8);
        } else if (!p.isEmpty()) {
          kept.add(p);
        }
      }
    }
    String url = PREFIX + path + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    String target = hosts + "/" + db;
    if (hosts.isEmpty() || db.isEmpty() || db.contains("/")) {
      throw new StoreException("--db " + url + " is not a PostgreSQL URL Kabambe can use: write it as "
          + PREFIX + "HOST[:PORT]/DATABASE?user=USER");
    }
    return new PostgresUrl(url, target, Optional.ofNullable(urlPassword).or(() -> fromEnvironment(env, url)));
  }

  private static Optional<String> fromEnvironment(UnaryOperator<String> env, String url) {
    String value = env.apply(PASSWORD_ENV);
    if (value != null && !value.isEmpty()) return Optional.of(value);
    String file = env.apply(PASSWORD_FILE_ENV);
    if (file == null || file.isEmpty()) return Optional.empty();
    try {
      // A trailing newline is the file's, not the password's (echo, editors, Docker/Kubernetes secrets).
      return Optional.of(Files.readString(Path.of(file)).strip());
    } catch (IOException e) {
      throw new StoreException("cannot read the password for " + url + " from " + PASSWORD_FILE_ENV + "=" + file
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The JDBC URL without any password: what is connected to (the password goes as a property) and shown. */
  String redacted() {
    return jdbcUrl;
  }

  /** {@code host:port/db}, for messages about reaching the server. */
  String target() {
    return target;
  }

  Optional<String> password() {
    return password;
  }

  /** {@code text} with the password, should a driver message ever quote it, blanked out. */
  String scrub(String text) {
    if (text == null) return "";
    return password.filter(p -> !p.isEmpty()).map(p -> text.replace(p, "***")).orElse(text);
  }
}
