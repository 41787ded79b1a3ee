package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.cli.Main;

/**
 * An H2 file the server cannot have (in use, under a regular file, read-only) makes {@code serve} fail within
 * seconds with a message that says why. What holds on both databases is in {@link DatabaseStartupTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseStartupH2Test {
  private static final Duration FAST = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private ServeOptions options(int port, String db) {
    return new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, db, Optional.empty());
  }

  /** Runs {@code kabambe serve} in this JVM; it must return (not serve) within {@link #FAST}. */
  private record Run(int code, String err) {}

  private Run serve(String db) {
    return assertTimeoutPreemptively(FAST, () -> {
      var err = new StringWriter();
      int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "serve",
          "--host", "127.0.0.1", "--port", Integer.toString(UssdClient.freePort()), "--db", db,
          "--flows", UssdClient.DEMO_FLOWS.toString());
      return new Run(code, err.toString());
    }, "kabambe serve did not give up on the database in time");
  }

  @Test
  void aDatabaseFileServedByAnotherProcessIsRefusedAtOnce() throws Exception {
    String db = dir.resolve("data/kabambe").toString();
    int port = UssdClient.freePort();
    Process other = ServerProcess.start(dir, "holder", port, db, UssdClient.DEMO_FLOWS);
    try {
      new UssdClient(port).awaitHealthy(Duration.ofSeconds(60), other);
      var e = assertTimeoutPreemptively(FAST,
          () -> assertThrows(RuntimeException.class, () -> KabambeServer.start(options(UssdClient.freePort(), db))));
      assertTrue(e.getMessage().contains("database " + db + " is in use by another process"), e.getMessage());

      Run run = serve(db);
      assertEquals(Main.INPUT_WRONG, run.code());
      assertTrue(run.err().startsWith("kabambe serve: database " + db + " is in use by another process"), run.err());
      assertTrue(!run.err().contains("\tat "), "no stack trace for a known condition: " + run.err());
    } finally {
      other.destroyForcibly().waitFor();
    }
    // The lock died with the holder: the file serves again, with what the holder wrote.
    try (var server = KabambeServer.start(options(UssdClient.freePort(), db))) {
      assertTrue(server.port() > 0);
    }
  }

  @Test
  void aSecondServerOnTheSameFileInOneProcessIsRefused() throws Exception {
    String db = dir.resolve("kabambe").toString();
    try (var first = KabambeServer.start(options(UssdClient.freePort(), db))) {
      var e = assertTimeoutPreemptively(FAST,
          () -> assertThrows(RuntimeException.class, () -> KabambeServer.start(options(UssdClient.freePort(), db))));
      assertTrue(e.getMessage().contains("database " + db + " is already open"), e.getMessage());
      assertEquals(200, new UssdClient(first.port()).get("/health").status(), "the first keeps serving");
    }
  }

  @Test
  void aPathUnderARegularFileIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
    String db = file.resolve("kabambe").toString();
    var e = assertTimeoutPreemptively(FAST,
        () -> assertThrows(RuntimeException.class, () -> KabambeServer.start(options(UssdClient.freePort(), db))));
    assertTrue(e.getMessage().startsWith("cannot create database " + db), e.getMessage());
    Run run = serve(db);
    assertEquals(Main.INPUT_WRONG, run.code());
    assertTrue(run.err().startsWith("kabambe serve: cannot create database " + db), run.err());
  }

  @Test
  void aReadOnlyDirectoryIsAClearError() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere: permissions cannot be tested");
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      String db = readOnly.resolve("kabambe").toString();
      Run run = serve(db);
      assertEquals(Main.INPUT_WRONG, run.code());
      assertTrue(run.err().startsWith("kabambe serve: cannot create database " + db), run.err());
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
