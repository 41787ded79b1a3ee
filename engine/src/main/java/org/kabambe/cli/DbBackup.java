package org.kabambe.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kabambe.store.Database;
import org.kabambe.store.DatabaseInUseException;
import org.kabambe.store.H2Backup;
import org.kabambe.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kabambe db backup}: a consistent copy of an H2 database, from a running server or a stopped one. */
@Command(name = "backup", description = {
    "Back up an H2 database into a zip, consistent and complete: every hop acknowledged before the backup began is "
        + "in it. A running server is backed up through its admin API while it keeps serving (--url and an admin "
        + "token); a stopped server's file directly (--db). PostgreSQL: use pg_dump (docs/postgresql.md).",
    "Examples: kabambe db backup --url http://127.0.0.1:8080 --token-file data/admin-token --to kabambe.zip",
    "          kabambe db backup --db data/kabambe --to kabambe.zip"})
final class DbBackup implements Callable<Integer> {
  static final String COMMAND = "kabambe db backup";
  static final String TOKEN_ENV = "KABAMBE_TOKEN";

  @Spec
  CommandSpec spec;

  @Mixin
  DatabaseOption db;

  @Option(names = "--to", required = true, paramLabel = "FILE", description = "the zip to write (refused if it "
      + "exists, unless --force)")
  Path to;

  @Option(names = "--url", paramLabel = "URL", description = "a running server, e.g. http://127.0.0.1:8080: the "
      + "backup is taken by the server and downloaded")
  String url;

  @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding an admin token (e.g. serve's "
      + "--admin-token-file); else env " + TOKEN_ENV)
  Path tokenFile;

  @Option(names = "--force", description = "replace --to if it exists")
  boolean force;

  @Override
  public Integer call() {
    if (Files.exists(to) && !force) {
      throw new CliException(COMMAND + ": " + to + " exists; give --force to replace it, or another --to");
    }
    Path part = to.resolveSibling(to.getFileName() + ".part");
    long started = System.nanoTime();
    try {
      Files.deleteIfExists(part);
      String what = url != null ? fromServer(part) : fromFile(part);
      Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "backed up %s to %s (%,d bytes) in %.1f s%n", what, to, Files.size(to),
          (System.nanoTime() - started) / 1e9);
      out.println("restore it, with the server stopped: kabambe db restore --from " + to + " --db DB");
      out.flush();
      return Main.OK;
    } catch (IOException e) {
      throw new CliException(COMMAND + ": cannot write " + to + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a leftover .part is harmless
      }
    }
  }

  private String fromFile(Path part) {
    String location = db.location();
    if (location.startsWith("jdbc:postgresql:")) {
      throw new CliException(COMMAND + ": " + Database.shown(location) + " is PostgreSQL: back it up with pg_dump and "
          + "restore it with pg_restore (docs/postgresql.md, \"Backup and restore\")");
    }
    if (location.equals(Database.IN_MEMORY)) {
      throw new ParameterException(spec.commandLine(), "--db " + Database.IN_MEMORY + " lives in a running server's "
          + "memory: there is no file to back up");
    }
    try (Database database = Database.openExisting(location, 2)) {
      H2Backup.write(database, part);
      return database.location();
    } catch (DatabaseInUseException e) {
      throw new CliException(COMMAND + ": the database " + location + " is in use by a running server; back it up "
          + "through the server: --url http://HOST:PORT with an admin token (--token-file FILE or env " + TOKEN_ENV
          + ")");
    } catch (StoreException e) {
      throw new CliException(COMMAND + ": " + e.getMessage());
    }
  }

  private String fromServer(Path part) throws IOException {
    String token = token();
    URI uri;
    try {
      uri = URI.create(url.replaceAll("/+$", "") + "/api/db/backup");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url " + url + " is not a URL like http://127.0.0.1:8080");
    }
    var request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<Path> response;
    try {
      response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build()
          .send(request, HttpResponse.BodyHandlers.ofFile(part));
    } catch (ConnectException e) {
      throw new CliException(COMMAND + ": no server answers at " + url + " (" + e + "); is it running, on that port?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(COMMAND + ": interrupted");
    }
    if (response.statusCode() != 200) {
      String body = Files.readString(part, StandardCharsets.UTF_8);
      String message;
      try {
        message = new JsonObject(body).getString("message", body);
      } catch (RuntimeException e) {
        message = body;
      }
      throw new CliException(COMMAND + ": the server at " + url + " answered " + response.statusCode() + ": "
          + message);
    }
    return "the server at " + url + " (as of " + response.headers().firstValue("Kabambe-Backup-Started")
        .orElse("?") + ")";
  }

  private String token() {
    if (tokenFile != null) {
      try {
        return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new CliException(COMMAND + ": cannot read the token file " + tokenFile + ": " + e.getMessage());
      }
    }
    String env = System.getenv(TOKEN_ENV);
    if (env == null || env.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--url needs an admin token: --token-file FILE, or env "
          + TOKEN_ENV + " (kabambe token create --role admin makes one)");
    }
    return env.strip();
  }
}
