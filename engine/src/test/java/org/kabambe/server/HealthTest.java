package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.TestDatabases;

/** The public {@code /health} says up or down and why in words, and keeps the deployment's details to itself. */
@Tag("database")
class HealthTest {
  @TempDir
  Path dir;

  @Test
  void withoutFlowsItIsDownAndSaysWhyThenUpOnceAFlowLoads() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    KabambeServer server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), flows,
        TestDatabases.location(dir), Optional.empty()));
    try {
      var client = new UssdClient(server.port());
      UssdClient.Reply down = client.get("/health");
      assertEquals(503, down.status(), down.body());
      assertTrue(down.body().contains("\"status\":\"down\"") && down.body().contains("no flows are loaded"),
          down.body());
      assertFalse(down.body().contains(dir.toString()) || down.body().contains("kabambe"),
          "the public answer names no path: " + down.body());

      Files.writeString(flows.resolve("hello.yaml"), "flow: hello\ntitle: Hello\nlanguages: [en]\nstart: a\n"
          + "nodes:\n  a: {end: {text: Bye}}\n");
      Eventually.until("the new flow is loaded", Duration.ofSeconds(10), () -> {
        try {
          return client.get("/health").status() == 200;
        } catch (Exception e) {
          return false;
        }
      });
      assertEquals("{\"status\":\"up\"}", client.get("/health").body());
    } finally {
      server.close();
    }
  }
}
