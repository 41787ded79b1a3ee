package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.TestDatabases;

/**
 * {@code POST /api/db/backup} over HTTP: an admin gets a zip holding the H2 file, audited; a viewer is refused; on
 * PostgreSQL the route refuses and points to pg_dump.
 */
@Tag("database")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackupApiTest {
  @TempDir
  Path dir;

  @Test
  void anAdminGetsTheDatabaseAsAZipOrOnPostgresqlAPointerToPgDump() throws Exception {
    try (KabambeServer server = ApiClient.start(dir, Path.of("../flows").toAbsolutePath(), Clock.systemUTC())) {
      var api = new ApiClient(server, "");
      String viewer = ApiClient.token(server, Role.VIEWER);
      String admin = ApiClient.token(server, Role.ADMIN);
      var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      assertEquals(403, http.send(backup(api, viewer), HttpResponse.BodyHandlers.ofString()).statusCode());

      Instant asked = Instant.now();
      Path zip = dir.resolve("backup.zip");
      HttpResponse<Path> r = http.send(backup(api, admin), HttpResponse.BodyHandlers.ofFile(zip));
      if (TestDatabases.postgres()) {
        assertEquals(409, r.statusCode());
        String body = Files.readString(zip);
        assertTrue(body.contains("pg_dump") && body.contains("docs/postgresql.md"), body);
        return;
      }
      assertEquals(200, r.statusCode(), () -> r.toString());
      assertEquals("application/zip", r.headers().firstValue("content-type").orElse(""));
      Instant started = Instant.parse(r.headers().firstValue("Kabambe-Backup-Started").orElseThrow());
      assertTrue(!started.isBefore(asked.minusSeconds(1)), started + " vs " + asked);
      try (var in = new ZipInputStream(Files.newInputStream(zip))) {
        var entry = in.getNextEntry();
        assertTrue(entry != null && entry.getName().endsWith(".mv.db"), String.valueOf(entry));
        assertTrue(in.readAllBytes().length > 4096, "the H2 file in the zip is empty");
      }
      // The server's copy is gone once sent; the backup is audited.
      Path folder = server.database().h2File().orElseThrow().getParent();
      Eventually.until("the server's copy of the backup deleted", Duration.ofSeconds(10), () -> {
        try (var files = Files.list(folder)) {
          return files.noneMatch(p -> p.getFileName().toString().contains(".backup-"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (var c = server.database().connection(); var st = c.createStatement();
           var rs = st.executeQuery("SELECT actor, target FROM audit WHERE action = 'db.backup'")) {
        assertTrue(rs.next(), "no audit row");
        assertEquals("token:admin", rs.getString(1));
      }
    }
  }

  private static HttpRequest backup(ApiClient client, String token) {
    return HttpRequest.newBuilder(client.uri("/api/db/backup")).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
  }
}
