package org.kabambe.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests: Debian's PostgreSQL (15 on this project's machines), initialised into a
 * temporary folder and started on a free loopback port, stopped when the JVM exits. Started by the tests
 * themselves, so the build needs no running service. As root (CI) the server runs as the {@code postgres} user,
 * which PostgreSQL requires.
 *
 * <p>Without PostgreSQL installed a test using it is skipped with the reason, unless the environment says
 * {@code KABAMBE_POSTGRES_TEST=required} ({@code .ci/run} does, after installing it): then it fails.
 */
public final class PostgresServer {
  private static final String USER = "kabambe";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean durable;
  private boolean templateReady;

  private PostgresServer(Path dir, Path bin, int port, boolean durable) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.durable = durable;
  }

  /**
   * The server the functional tests share (one per test JVM), started on first use. It runs with fsync off: fast,
   * and not for a test of durability (use {@link #startDurable}).
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start(false);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-test-stop"));
    }
    return shared;
  }

  /** A server of the caller's own with PostgreSQL's durable defaults (fsync on): for kill tests. Stop it. */
  public static PostgresServer startDurable() {
    return start(true);
  }

  /** Skips the calling test (or fails it, where PostgreSQL is required) when PostgreSQL is not installed. */
  public static void assumeAvailable() {
    if (binDir() != null) return;
    String why = "PostgreSQL is not installed (no pg_config, no /usr/lib/postgresql/*/bin): apt-get install "
        + "postgresql";
    if ("required".equals(System.getenv("KABAMBE_POSTGRES_TEST"))) {
      throw new IllegalStateException(why + " (KABAMBE_POSTGRES_TEST=required)");
    }
    Assumptions.abort(why);
  }

  /**
   * A new, empty-of-data database migrated to the current schema, as a JDBC URL for {@code --db}. Each is a copy
   * of a template migrated once, so a test pays for CREATE DATABASE (tens of ms), not for the migrations.
   */
  public synchronized String newDatabase() {
    String name = "kabambe_" + DATABASES.incrementAndGet();
    try {
      if (!templateReady) {
        // A migration that failed in an earlier call left the template behind half-made: start it again.
        sql("postgres", "DROP DATABASE IF EXISTS kabambe_template");
        sql("postgres", "CREATE DATABASE kabambe_template");
        Flyway.configure().dataSource(url("kabambe_template"), USER, "").locations(org.kabambe.store.Migrations.locations(org.kabambe.store.Dialect.POSTGRESQL))
            .load().migrate();
        templateReady = true;
      }
      sql("postgres", "CREATE DATABASE " + name + " TEMPLATE kabambe_template");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** A new database with no tables at all (for tests of migrations and of opening an empty database). */
  public String newEmptyDatabase() {
    String name = "kabambe_empty_" + DATABASES.incrementAndGet();
    try {
      sql("postgres", "CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** The JDBC URL of database {@code name} on this server (trust authentication: no password). */
  public String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER;
  }

  /** A plain connection to database {@code name}, for tests that inspect the server. */
  public Connection connect(String name) throws SQLException {
    return DriverManager.getConnection(url(name));
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /**
   * Kills the server as a crash would ({@code pg_ctl stop -m immediate}: backends die at once, clients are cut off,
   * no checkpoint) and keeps its data folder for {@link #restart}.
   */
  public synchronized void crash() {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "immediate", "-w", "stop"),
        true);
  }

  /** Starts the server again after {@link #crash}, on the same port and data folder; it recovers from its WAL. */
  public synchronized void restart() {
    startServer();
  }

  /** Stops the server at once (as a crash would: no checkpoint) and deletes its folder. */
  public synchronized void stop() {
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "immediate", "-w", "stop"),
          false);
    } catch (RuntimeException e) {
      // already stopped
    }
    deleteQuietly(dir);
  }

  private void sql(String database, String statement) throws SQLException {
    try (var c = connect(database); var st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static PostgresServer start(boolean durable) {
    assumeAvailable();
    Path bin = binDir();
    try {
      Path dir = Files.createTempDirectory("kabambe-pg");
      if (asRoot()) run(List.of("chown", "postgres", dir.toString()), false);
      int port = freePort();
      var server = new PostgresServer(dir, bin, port, durable);
      server.initAndStart();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a test PostgreSQL: " + e.getMessage(), e);
    }
  }

  private void initAndStart() {
    run(List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(), "-A", "trust", "-U", USER,
        "--no-sync", "-E", "UTF8", "--locale=C"), true);
    startServer();
  }

  private void startServer() {
    String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
        + (durable ? "" : " -c fsync=off -c full_page_writes=off");
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-w", "-t", "60", "-l",
        dir.resolve("server.log").toString(), "-o", options, "start"), true);
  }

  private static void run(List<String> command, boolean mustSucceed) {
    var full = new ArrayList<String>();
    if (asRoot() && !command.get(0).equals("chown")) full.addAll(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s");
      }
      if (p.exitValue() != 0 && mustSucceed) {
        throw new IllegalStateException(String.join(" ", full) + " failed (" + p.exitValue() + "):\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + full.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + full.get(0), e);
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  // Debian keeps initdb and pg_ctl off the PATH: ask pg_config, else take the newest installed version.
  private static Path binDir() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) return Path.of(out);
    } catch (IOException e) {
      // no pg_config: look in Debian's place
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.naturalOrder()).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the OS clears it
    }
  }
}
