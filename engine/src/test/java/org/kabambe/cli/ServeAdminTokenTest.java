package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.testing.TestDatabases;
import picocli.CommandLine;

/**
 * A server on a new database can be signed in to with {@code --admin-token-file} ({@link ServeAdminTokenH2Test}: the
 * one-time token of {@code serve --db mem:}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("database")
class ServeAdminTokenTest {
  @TempDir Path dir;

  record Serving(KabambeServer server, String out) {}

  /** {@code kabambe serve ARGS} as the command line parses it, started without waiting for a shutdown. */
  static Serving serve(String... args) throws Exception {
    var out = new StringWriter();
    var cl = new CommandLine(new Main(new StringReader("")));
    cl.setOut(new PrintWriter(out, true));
    List<String> all = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", Integer.toString(freePort()),
        "--flows", DEMO_FLOWS.toString()));
    all.addAll(List.of(args));
    var parsed = cl.parseArgs(all.toArray(String[]::new));
    ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
    return new Serving(serve.startServing(), out.toString());
  }

  private static int freePort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The status of {@code GET /api/flows} (an author route) with this token. */
  static int flows(KabambeServer server, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/flows"))
        .header("Authorization", "Bearer " + token).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void anAdminTokenFileIsWrittenOnceAndSignsInToEveryLaterServerOnANewDatabase() throws Exception {
    Path file = dir.resolve("secrets/admin-token");
    String token;
    var first = serve("--db", TestDatabases.throwaway(), "--admin-token-file", file.toString());
    try (var server = first.server()) {
      assertTrue(first.out().contains("Admin token (dashboard http://localhost:"), first.out());
      assertTrue(first.out().contains("in " + file), first.out());
      assertTrue(!first.out().contains("shown once"), "no second token: " + first.out());
      token = Files.readString(file).strip();
      assertTrue(!first.out().contains(token), "the token stays in the file: " + first.out());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals(200, flows(server, token));
    }
    var second = serve("--db", TestDatabases.throwaway(), "--admin-token-file", file.toString()); // a new, empty one
    try (var server = second.server()) {
      assertEquals(token, Files.readString(file).strip(), "the file is read, not rewritten");
      assertEquals(200, flows(server, token));
    }
  }

  @Test
  void aTokenFileWithARevokedTokenIsRefusedWithTheReason() throws Exception {
    String db = TestDatabases.location(dir.resolve("data"));
    Path file = dir.resolve("admin-token");
    serve("--db", db, "--admin-token-file", file.toString()).server().close();
    assertEquals(Main.OK, CliTest.kabambe("token", "revoke", "1", "--db", db).exit());
    var e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
        () -> serve("--db", db, "--admin-token-file", file.toString()));
    assertEquals("kabambe serve: the admin token file " + file + ": this token has been revoked; delete the file "
        + "to have a new token written to it", e.getMessage());
  }
}
